package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a connection delivers: texts, how it ended, pings, pongs, and the threads that delivered messages and the end. */
class Recorder implements Transport.FrameHandler {

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** "CODE REASON" when the connection closed; failed with the error when it failed. */
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onText(byte[] buf, int offset, int length) {
        threads.add(Thread.currentThread());
        texts.add(new String(buf, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onBinary(byte[] buf, int offset, int length) {
        threads.add(Thread.currentThread());
        texts.add("binary " + length);
    }

    @Override
    public void onClosed(int code, String reason) {
        threads.add(Thread.currentThread());
        ended.complete(code + " " + reason);
    }

    @Override
    public void onError(Throwable error) {
        ended.completeExceptionally(error);
    }

    @Override
    public void onPing() {
        pings.incrementAndGet();
    }

    @Override
    public void onPong() {
        pongs.incrementAndGet();
    }

    /** The next text, waiting up to 10 s. */
    String next() throws InterruptedException {
        String t = texts.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("a text message within 10 s").isNotNull();
        return t;
    }

    /** How the connection ended ("CODE REASON"), waiting up to 10 s. */
    String end() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }
}
