package dev.tau4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a {@link WebSocketConnection} on a non-blocking channel. A frame is written
 * on the sender's own thread when nothing waits before it: one {@code write}, no thread hand-over.
 * What the socket cannot take at once waits in a queue, in order, and the {@link SelectorLoop}
 * writes it when the socket is writable again. No call ever blocks on the network.
 *
 * <p>A {@linkplain #send(Transport.Payload, MaskKeys) payload} that finds the queue empty is framed
 * in a buffer the connection reuses and written from there: an append of input audio costs no
 * array. What the socket does not take at once waits in the queue in that buffer, which is not
 * written again until the queue is empty. Thread-safe.
 */
final class ChannelWriter {

    private final SocketChannel channel;
    /** Null on a plain connection. */
    private final Tls tls;
    /** Asks the loop to report writability (true) or stop (false). */
    private final WriteInterest interest;
    /** Called when a write fails: the connection is closed. */
    private final Runnable onFailure;

    private final ReentrantLock lock = new ReentrantLock();
    /** Frames not yet fully written, the first one possibly in part; guarded by lock. */
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    /** Wrapped bytes of the first frame not yet written (TLS only); guarded by lock. */
    private ByteBuffer wrapped;
    /** A close frame is queued: nothing may follow it; guarded by lock. */
    private boolean closeQueued;
    /** Writing failed or ended; guarded by lock. */
    private IOException failed;
    /** The loop was asked to report writability; guarded by lock. */
    private boolean waitingForRoom;
    /** The TLS close_notify went out (or was tried); guarded by lock. */
    private boolean tlsClosed;

    /** A frame written at once: every such send shares it (nothing may complete or obtrude it). */
    static final CompletableFuture<Void> WRITTEN = CompletableFuture.completedFuture(null);
    /** At most this many waiting frames go out in one gathering write, or one TLS record. */
    private static final int GATHER = 16;
    /** Waiting frames share a TLS record up to this many bytes of plaintext (a record's most). */
    private static final int TLS_GATHER_BYTES = 16 * 1024;
    /** Frames larger than this are not framed in {@link #scratch} (nor keep it that large). */
    static final int SCRATCH_LIMIT = 64 * 1024;

    /** Where payloads are framed when nothing waits; grown on demand up to {@link #SCRATCH_LIMIT}; guarded by lock. */
    private byte[] scratch;
    /** The scratch as the queue holds it while it is written (no future: nobody waits for it); guarded by lock. */
    private Outgoing scratchFrame;

    /** The loop's side of writability. */
    interface WriteInterest {
        void writeInterest(boolean on);
    }

    /** A frame not yet fully written; {@code done} is null for the scratch frame while it is tried. */
    private record Outgoing(ByteBuffer frame, CompletableFuture<Void> done) {
    }

    ChannelWriter(SocketChannel channel, Tls tls, WriteInterest interest, Runnable onFailure) {
        this.channel = channel;
        this.tls = tls;
        this.interest = interest;
        this.onFailure = onFailure;
    }

    /** Answers a ping: like any frame, in order behind what is queued. */
    void pong(byte[] frame) {
        send(frame, false, false);
    }

    /**
     * Sends {@code frame} (first among the frames not yet started when {@code urgent}); a
     * {@code close} frame is the last one accepted. The future completes once the frame was
     * handed to the socket, or fails when it cannot be.
     */
    CompletableFuture<Void> send(byte[] frame, boolean urgent, boolean close) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        IOException failure = null;
        lock.lock();
        try {
            if (closeQueued || failed != null) {
                if (close) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IOException("WebSocket is closing"));
                }
                return done;
            }
            closeQueued = close;
            Outgoing o = new Outgoing(ByteBuffer.wrap(frame), done);
            if (queue.isEmpty()) {
                queue.add(o);
                failure = flush();
            } else if (urgent) {
                // frames already (partly) written stay first
                ArrayDeque<Outgoing> started = pollStarted();
                queue.addFirst(o);
                started.descendingIterator().forEachRemaining(queue::addFirst);
            } else {
                queue.add(o);
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            onFailure.run();
        }
        return done;
    }

    /**
     * Frames {@code payload} as a masked text frame and sends it like {@link #send(byte[], boolean, boolean)}.
     * When nothing waits before it, the frame is built in the reused scratch buffer and written at
     * once; if the socket takes all of it, the answer is the shared {@link #WRITTEN}, and nothing
     * was allocated. What the socket leaves is queued as it is.
     */
    CompletableFuture<Void> send(Transport.Payload payload, MaskKeys masks) {
        int n = payload.length();
        int size = Frames.headerSize(n) + n;
        IOException failure = null;
        CompletableFuture<Void> result = null;
        lock.lock();
        try {
            // Only with an empty queue: a frame left in the scratch by an earlier send is still in it.
            if (!closeQueued && failed == null && queue.isEmpty() && wrapped == null && size <= SCRATCH_LIMIT) {
                if (scratch == null || scratch.length < size) {
                    scratch = new byte[Math.min(SCRATCH_LIMIT, Math.max(2048, Integer.highestOneBit(size - 1) << 1))];
                    scratchFrame = new Outgoing(ByteBuffer.wrap(scratch), null);
                }
                frame(payload, scratch, masks);
                ByteBuffer view = scratchFrame.frame.clear().limit(size);
                queue.add(scratchFrame);
                failure = flush();
                Outgoing left = queue.poll();
                if (failure != null) {
                    result = CompletableFuture.failedFuture(failure);
                } else if (left == null) {
                    result = WRITTEN;
                } else {
                    // The socket took part of it (or TLS holds its record): the rest waits where it is.
                    // The scratch is written only when the queue is empty, so not again before this goes.
                    result = new CompletableFuture<>();
                    queue.addFirst(new Outgoing(view, result));
                }
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            onFailure.run();
        }
        return result != null ? result : send(frame(payload, new byte[size], masks), false, false);
    }

    /** Writes {@code payload} as a masked text frame at the start of {@code dst}; returns dst. */
    private static byte[] frame(Transport.Payload payload, byte[] dst, MaskKeys masks) {
        int n = payload.length();
        payload.writeTo(dst, Frames.headerSize(n));
        Frames.seal(Frames.TEXT, dst, n, masks);
        return dst;
    }

    /** The socket can take more: the loop writes what waits. */
    void writable() {
        IOException failure;
        lock.lock();
        try {
            failure = flush();
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            onFailure.run();
        }
    }

    /** Wraps an empty record when the TLS engine must answer (a key update, a close). */
    void tlsAnswer() {
        lock.lock();
        try {
            if (failed == null && queue.isEmpty() && wrapped == null) {
                ByteBuffer out = tls.wrap(ByteBuffer.allocate(0));
                while (out.hasRemaining() && channel.write(out) > 0) {
                    // write what the socket takes
                }
                if (out.hasRemaining()) {
                    wrapped = out;
                }
            }
        } catch (IOException e) {
            failed = e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends TLS on this side with a {@code close_notify} alert, once, just before the socket closes:
     * best effort, one non-blocking write. Skipped while a record is half written (the alert cannot
     * follow it cleanly); queued frames that never went out are not sent after it.
     */
    void closeNotify() {
        if (tls == null) {
            return;
        }
        lock.lock();
        try {
            if (tlsClosed || wrapped != null) {
                return;
            }
            tlsClosed = true;
            tls.engine.closeOutbound();
            channel.write(tls.wrap(ByteBuffer.allocate(0)));
        } catch (IOException | RuntimeException e) {
            // the socket closes next either way
        } finally {
            lock.unlock();
        }
    }

    /** Writes from the head of the queue until it is empty or the socket is full; under lock. Returns a new failure. */
    private IOException flush() {
        try {
            while (true) {
                if (wrapped != null) {
                    channel.write(wrapped);
                    if (wrapped.hasRemaining()) {
                        break;
                    }
                    wrapped = null;
                }
                completeWritten();
                Outgoing head = queue.peek();
                if (head == null) {
                    break;
                }
                if (tls != null) {
                    // small frames waiting together share a record
                    wrapped = queue.size() == 1 ? tls.wrap(head.frame) : tls.wrap(waiting(TLS_GATHER_BYTES));
                    continue;
                }
                ByteBuffer last;
                if (queue.size() == 1) {
                    last = head.frame;
                    channel.write(last);
                } else {
                    ByteBuffer[] frames = waiting(Integer.MAX_VALUE);   // one system call for what waits
                    last = frames[frames.length - 1];
                    channel.write(frames);
                }
                if (last.hasRemaining()) {
                    completeWritten();
                    break;   // the socket is full
                }
            }
        } catch (IOException e) {
            fail(e);
            return e;
        }
        boolean waiting = !queue.isEmpty() || wrapped != null;
        if (waiting != waitingForRoom) {
            waitingForRoom = waiting;
            interest.writeInterest(waiting);
        }
        return null;
    }

    /**
     * The first frames of the queue that still have bytes to write, at most {@link #GATHER} of them
     * and, after the first, no more than {@code maxBytes} in all; under lock.
     */
    private ByteBuffer[] waiting(int maxBytes) {
        ByteBuffer[] frames = new ByteBuffer[Math.min(GATHER, queue.size())];
        int n = 0;
        long bytes = 0;
        for (Outgoing o : queue) {
            if (n == frames.length || n > 0 && bytes + o.frame.remaining() > maxBytes) {
                break;
            }
            if (o.frame.hasRemaining()) {
                bytes += o.frame.remaining();
                frames[n++] = o.frame;
            }
        }
        return n == frames.length ? frames : java.util.Arrays.copyOf(frames, n);
    }

    /** Completes and removes the frames at the head that were written in full; under lock. */
    private void completeWritten() {
        Outgoing head;
        while ((head = queue.peek()) != null && !head.frame.hasRemaining()) {
            queue.poll();
            if (head.done != null) {
                head.done.complete(null);
            }
        }
    }

    /**
     * Removes and returns, in order, the frames at the head that were (partly) written or wrapped
     * (the head also while TLS holds its record): the peer has their first bytes; under lock.
     */
    private ArrayDeque<Outgoing> pollStarted() {
        ArrayDeque<Outgoing> started = new ArrayDeque<>();
        while (!queue.isEmpty() && (queue.peek().frame.position() > 0 || started.isEmpty() && wrapped != null)) {
            started.add(queue.poll());
        }
        return started;
    }

    /** Fails and forgets every queued frame; under lock. */
    private void failQueued(IOException e) {
        queue.forEach(o -> {
            if (o.done != null) {
                o.done.completeExceptionally(e);
            }
        });
        queue.clear();
    }

    /** Under lock. */
    private void fail(IOException e) {
        failed = e;
        failQueued(e);
        wrapped = null;
    }

    /** Fails the frames not yet started with {@code why}, and forgets them (a half-written one goes on). */
    void dropQueued(IOException why) {
        lock.lock();
        try {
            ArrayDeque<Outgoing> keep = pollStarted();   // they go on
            failQueued(why);
            queue.addAll(keep);
        } finally {
            lock.unlock();
        }
    }

    /** Gives what is queued (a close frame, typically) up to {@code bound} to reach the socket, then refuses more. */
    void finish(Duration bound) {
        CompletableFuture<Void> last;
        lock.lock();
        try {
            Outgoing tail = queue.peekLast();
            last = tail == null ? null : tail.done;
        } finally {
            lock.unlock();
        }
        if (last != null) {
            try {
                last.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the socket closes next either way
            }
        }
        lock.lock();
        try {
            if (failed == null) {
                fail(new IOException("WebSocket closed"));
            }
        } finally {
            lock.unlock();
        }
    }
}
