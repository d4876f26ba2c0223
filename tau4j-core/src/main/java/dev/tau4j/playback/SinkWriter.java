package dev.tau4j.playback;

import dev.tau4j.audio.AudioSink;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Playback's queue of received audio and the virtual thread that hands it to the sink, so that
 * the session's reader never blocks on a device. Shares Playback's lock: every method but
 * {@link #start()} is called with it held, and the writer takes it between chunks. Notes on the
 * sink's clock where each item's frames land ({@link PlaybackTrack#startFrame}), which is what
 * makes "what was heard" computable at a cut.
 */
final class SinkWriter {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final AudioSink sink;
    private final String sessionName;
    private final ReentrantLock lock;
    private final Condition chunkQueued;
    private final long maxBufferedBytes;
    private final int frameBytes;
    /** Called with the lock held when the sink throws: Playback stops. */
    private final Runnable onSinkFailed;
    private final Thread writer;

    /** Audio received and not yet handed to the sink, in arrival order. */
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Bytes in {@link #chunks}, at most maxBufferedBytes. */
    private long bufferedBytes;
    /** Sink clock position just after the last frame handed to the sink. */
    private long end;
    /** Incremented by each cut, so the writer knows a chunk it was handing over may have landed after it. */
    private long generation;
    private boolean stopped;

    SinkWriter(AudioSink sink, String sessionName, ReentrantLock lock, long maxBufferedBytes, Runnable onSinkFailed) {
        this.sink = sink;
        this.sessionName = sessionName;
        this.lock = lock;
        this.chunkQueued = lock.newCondition();
        this.frameBytes = sink.format().bytesPerFrame();
        this.maxBufferedBytes = Math.max(frameBytes, maxBufferedBytes);
        this.onSinkFailed = onSinkFailed;
        this.end = sink.playedFrames() + sink.queuedFrames();
        this.writer = Thread.ofVirtual().name("tau4j-playback-" + sessionName).unstarted(this::writeLoop);
    }

    void start() {
        writer.start();
    }

    /** Queues {@code audio} (whole frames) of {@code track}; false, queuing nothing, when the queue is full. */
    boolean offer(PlaybackTrack track, byte[] audio) {
        if (bufferedBytes + audio.length > maxBufferedBytes) {
            return false;
        }
        chunks.add(new Chunk(track, audio));
        bufferedBytes += audio.length;
        chunkQueued.signal();
        return true;
    }

    /** How long the queued audio plays, in milliseconds. */
    long bufferedMillis() {
        return sink.format().millisOf(bufferedBytes);
    }

    /** Barge-in: clears the sink and drops the queue; returns the sink clock after the clear. */
    long cut() {
        generation++;
        sink.clear();
        long played = sink.playedFrames();
        chunks.clear();
        bufferedBytes = 0;
        end = played;
        return played;
    }

    /** Drops the queue and ends the writer thread. */
    void stop() {
        stopped = true;
        chunks.clear();
        bufferedBytes = 0;
        chunkQueued.signalAll();
    }

    private void writeLoop() {
        while (true) {
            Chunk c;
            long gen;
            lock.lock();
            try {
                while (chunks.isEmpty() && !stopped) {
                    chunkQueued.awaitUninterruptibly();
                }
                if (stopped) {
                    return;
                }
                c = chunks.poll();
                bufferedBytes -= c.audio.length;
                if (c.track.startFrame < 0) {
                    c.track.startFrame = end;
                }
                long frames = c.audio.length / frameBytes;
                c.track.writtenFrames += frames;
                end += frames;
                gen = generation;
            } finally {
                lock.unlock();
            }
            try {
                sink.write(c.audio);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "τ " + sessionName + ": cannot write to " + sink
                        + "; playback stopped", e);
                lock.lock();
                try {
                    if (!stopped) {
                        onSinkFailed.run();
                    }
                } finally {
                    lock.unlock();
                }
                return;
            }
            lock.lock();
            try {
                if (gen != generation) {
                    // A cut came while this chunk was being handed over: it may have landed after the cut.
                    sink.clear();
                    end = sink.playedFrames();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private record Chunk(PlaybackTrack track, byte[] audio) {
    }
}
