package dev.tau4j.internal.session;

import dev.tau4j.internal.Threads;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * A session's stream ({@code events()}, {@code responses()}), created when first asked for: most
 * sessions never subscribe, and ten thousand idle sessions should not carry two publishers each.
 * Items submitted before anyone asked are not kept (a publisher has no subscribers then anyway).
 */
final class LazyPublisher<T> {

    /** Null until asked for; written under this. */
    private volatile SubmissionPublisher<T> publisher;
    /** The stream ended; guarded by this. */
    private boolean closed;

    synchronized Flow.Publisher<T> get() {
        if (publisher == null) {
            publisher = new SubmissionPublisher<>(Threads.VIRTUAL, 256);
            if (closed) {
                publisher.close();
            }
        }
        return publisher;
    }

    /** Hands {@code item} to the subscribers, if any (blocking while one's buffer is full). */
    void submit(T item) {
        SubmissionPublisher<T> p = publisher;
        if (p != null && p.hasSubscribers()) {
            p.submit(item);
        }
    }

    synchronized void close() {
        closed = true;
        if (publisher != null) {
            publisher.close();
        }
    }
}
