package dev.tau4j.playback;

import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.SessionState;

import dev.tau4j.audio.AudioSink;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioDone;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDone;
import dev.tau4j.event.ResponseOutputItemDone;
import dev.tau4j.event.ServerEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Plays a session's output audio on an {@link AudioSink} and handles barge-in: when the user
 * starts speaking while the model's audio plays, playback stops at once and the assistant item is
 * truncated at what the user actually heard.
 * {@snippet :
 * try (Session session = client.connect(SessionOptions.DEFAULTS);       // server VAD on
 *      AudioSink speaker = Speaker.open(AudioFormat.PCM16_24KHZ_MONO);
 *      Playback playback = Playback.builder(session, speaker)
 *              .onInterruption(i -> System.out.println("heard: " + i.heardTranscript()))
 *              .attach()) {
 *     // stream the microphone into session.appendInputAudio(...)
 * }
 * }
 *
 * <h2>What is played</h2>
 * Every {@code response.output_audio.delta} of in-conversation responses is written to the sink
 * in arrival order; deltas of several items or responses queue back to back. Out-of-band
 * responses ({@code conversation: "none"}, e.g. a summary generated on the side) are not played
 * unless {@link Builder#outOfBand(boolean)} says so. A response whose {@code response.created}
 * came before attaching is treated as in-conversation. The deltas must be PCM16 in the sink's
 * format: the sink's format must be the session's output format (PCM16 24 kHz mono for
 * {@code audio/pcm}).
 *
 * <p>The sink's clock ({@link AudioSink#playedFrames()}) is the only source of "what was heard".
 * Playback notes where each item's first frame lands on that clock and how much of the item it
 * received, so while attached it must be the sink's only writer: do not write to or clear the sink
 * yourself (use {@link #interrupt()}).
 *
 * <h2>Barge-in</h2>
 * On {@code input_audio_buffer.speech_started} (server VAD), or on {@link #interrupt()}, every
 * item whose audio is still playing, queued, or still arriving is <em>interrupted</em>:
 * <ol>
 *   <li>the sink is {@linkplain AudioSink#clear() cleared} at once and Playback's own queue
 *       dropped; later audio of the interrupted responses is never played;</li>
 *   <li>heard = sink clock − the item's start, clamped to [0, audio received], as whole
 *       milliseconds rounded down (an item queued behind the one playing was heard for 0 ms);</li>
 *   <li>once the server has finished the item ({@code response.output_item.done} or
 *       {@code response.done}; with server VAD's {@code interrupt_response} the server cancels the
 *       response right away) it is truncated with {@link Session#truncate} at the heard
 *       milliseconds, on Playback's virtual thread. Waiting for the item's end means the server
 *       never adds audio after the cut, and the cut never exceeds what it sent;</li>
 *   <li>an {@link Interruption} is reported: to the {@linkplain Builder#onInterruption listener}
 *       and to {@link #nextInterruption()}. A failed truncation (the item was deleted, the
 *       connection dropped before the item ended) is reported in {@link Interruption#error()},
 *       never thrown.</li>
 * </ol>
 * An item that has played to its end is not touched; a speech start while nothing plays does
 * nothing. Out-of-band items are cut but not truncated (they are not in the conversation).
 * {@link #interrupt()} does not cancel the response: with client-side turn detection, call
 * {@link Session#cancelResponse()} as well, so that the item ends and can be truncated.
 *
 * <h2>Threading and lifecycle</h2>
 * Events are handled on the session's reader, never blocking it: audio goes to a bounded queue
 * that a virtual thread of this Playback hands to the sink (a device sink blocks while its buffer
 * is full), and the cut ({@code sink.clear()}) is non-blocking. Truncations and interruption
 * reports run one at a time, in order, on another virtual thread, so the listener may make
 * blocking session calls. The class is thread-safe. {@link #close()} detaches from the session,
 * drops audio not yet handed to the sink (what the sink holds plays out; the sink stays open and
 * is the caller's to close), and reports interruptions still waiting for their item's end with an
 * {@link IllegalStateException}.
 */
public final class Playback implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final Session session;
    private final AudioSink sink;
    private final int frameBytes;
    private final int sampleRate;

    private final ReentrantLock lock = new ReentrantLock();
    /** The items being played; guarded by lock. */
    private final Tracks tracks;
    /** Set by close() or when the sink fails; guarded by lock. */
    private boolean closed;

    private final SinkWriter writer;
    private final Reporter reporter;
    /** Removes our session listener; set once during attach. */
    private volatile AutoCloseable registration;

    private Playback(Builder b) {
        this.session = b.session;
        this.sink = b.sink;
        this.tracks = new Tracks(b.outOfBand);
        this.frameBytes = sink.format().bytesPerFrame();
        this.sampleRate = sink.format().sampleRate();
        this.reporter = new Reporter(b.onInterruption);
        this.writer = new SinkWriter(sink, session.name(), lock, sink.format().bytesFor(b.maxBuffered), this::shutDown);
    }

    /**
     * Plays {@code session}'s in-conversation output audio on {@code sink} and handles barge-in,
     * with default settings. Same as {@code builder(session, sink).attach()}.
     *
     * @throws IllegalStateException if the session is closed or failed
     */
    public static Playback attach(Session session, AudioSink sink) {
        return builder(session, sink).attach();
    }

    /** Settings for a Playback of {@code session}'s audio on {@code sink}. */
    public static Builder builder(Session session, AudioSink sink) {
        return new Builder(session, sink);
    }

    /**
     * A future completed with the next interruption reported after this call (after its
     * truncation was answered), or failed with {@link IllegalStateException} when this Playback
     * closes first. Never hangs on its own: use {@code get(timeout)} or {@code orTimeout}.
     */
    public CompletableFuture<Interruption> nextInterruption() {
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("playback is closed"));
            }
            return reporter.next();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Barges in now, as if server VAD had reported speech: stops playback and truncates what is
     * playing at what was heard (see the class comment). Does not cancel the response. Non-blocking;
     * callable from any thread, listeners included. Does nothing when nothing is playing.
     */
    public void interrupt() {
        lock.lock();
        try {
            if (!closed) {
                cut();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The sink this Playback writes to. */
    public AudioSink sink() {
        return sink;
    }

    /** Detaches from the session (see the class comment). Idempotent; does not close the sink. */
    @Override
    public void close() {
        AutoCloseable r = registration;
        if (r != null) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "τ playback: removing the listener failed", e);
            }
        }
        lock.lock();
        try {
            if (!closed) {
                shutDown();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops writing and reporting; lock held. */
    private void shutDown() {
        closed = true;
        writer.stop();
        for (PlaybackTrack t : tracks.awaitingEnd()) {
            t.awaitingEnd = false;
            reporter.report(t.interruption(sampleRate, false, new IllegalStateException("Playback closed before item "
                    + t.itemId + " ended; it was not truncated")));
        }
        tracks.clear();
        reporter.close();
    }

    // ---------------------------------------------------------------- events (session reader)

    private void onEvent(ServerEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            switch (event) {
                case ResponseCreated e when e.responseId() != null -> {
                    tracks.responseCreated(e.responseId(), e.response().conversationId() != null);
                    tracks.forgetPlayed(sink.playedFrames());
                }
                case ResponseOutputAudioTranscriptDelta d -> {
                    PlaybackTrack t = tracks.track(d.responseId(), d.itemId(), d.contentIndex());
                    if (t != null && !t.interrupted) {
                        t.transcript.append(d.delta());
                    }
                }
                case ResponseOutputAudioTranscriptDone d -> {
                    PlaybackTrack t = tracks.get(d.itemId());
                    if (t != null && d.transcript() != null && !t.interrupted) {
                        t.transcript.setLength(0);
                        t.transcript.append(d.transcript());
                    }
                }
                case ResponseOutputAudioDelta d -> onAudio(d);
                case ResponseOutputAudioDone d -> {
                    PlaybackTrack t = tracks.get(d.itemId());
                    if (t != null) {
                        t.audioDone = true;
                    }
                }
                case ResponseOutputItemDone d when d.item() != null -> {
                    PlaybackTrack t = tracks.get(d.item().id());
                    if (t != null) {
                        ended(t);
                    }
                }
                case ResponseDone d when d.responseId() != null -> {
                    tracks.responseDone(d.responseId()).forEach(this::ended);
                    tracks.forgetPlayed(sink.playedFrames());
                }
                case InputAudioBufferSpeechStarted s -> cut();
                default -> {
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void onAudio(ResponseOutputAudioDelta d) {
        PlaybackTrack t = tracks.track(d.responseId(), d.itemId(), d.contentIndex());
        if (t == null || t.interrupted || d.audio() == null || d.audio().length == 0) {
            return;
        }
        byte[] audio = t.wholeFrames(d.audio(), frameBytes);
        if (audio.length == 0) {
            return;
        }
        long frames = audio.length / frameBytes;
        t.receivedFrames += frames;
        if (t.overflowed) {
            return;
        }
        if (!writer.offer(t, audio)) {
            // Dropping a middle piece would shift the item's timeline; play a prefix, never a gapped item.
            t.overflowed = true;
            LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name() + ": playback queue full ("
                    + writer.bufferedMillis() + " ms not yet handed to " + sink
                    + "); the rest of item " + t.itemId + " is not played. Is the sink stalled?");
            return;
        }
        t.queuedFrames += frames;
    }

    /** The server finished the item: no more audio, and it may now be truncated. Lock held. */
    private void ended(PlaybackTrack t) {
        t.audioDone = true;
        t.ended = true;
        if (t.awaitingEnd) {
            t.awaitingEnd = false;
            scheduleTruncation(t);
        }
    }

    /** No item will end now: truncations still waiting are tried, and fail with the session's reason. */
    private void sessionEnded() {
        lock.lock();
        try {
            if (!closed) {
                tracks.awaitingEnd().forEach(this::ended);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Barge-in; lock held. */
    private void cut() {
        List<PlaybackTrack> playing = tracks.playing(sink.playedFrames());
        if (playing.isEmpty()) {
            return;
        }
        long played = writer.cut();
        for (PlaybackTrack t : playing) {
            tracks.interrupted(t);
            t.receivedAtCut = t.receivedFrames;
            t.heardFrames = Math.min(t.playedFrames(played), t.receivedFrames);
            if (!t.inConversation) {
                reporter.report(t.interruption(sampleRate, false, null));
            } else if (t.ended) {
                scheduleTruncation(t);
            } else {
                t.awaitingEnd = true;
            }
        }
    }

    private void scheduleTruncation(PlaybackTrack t) {
        reporter.truncate(session, t, millis(t.heardFrames), error -> {
            lock.lock();
            try {
                return t.interruption(sampleRate, error == null, error);
            } finally {
                lock.unlock();
            }
        });
    }

    private long millis(long frames) {
        return PlaybackTrack.millis(frames, sampleRate);
    }

    private Playback start() {
        writer.start();
        try {
            registration = session.addListener(new SessionListener() {
                @Override
                public void onEvent(Session s, ServerEvent event) {
                    Playback.this.onEvent(event);
                }

                @Override
                public void onStateChange(Session s, SessionState previous, SessionState current) {
                    if (current == SessionState.CLOSED || current == SessionState.FAILED) {
                        sessionEnded();
                    }
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Settings of a {@link Playback}. Not thread-safe; {@link #attach()} may be called once per
     * builder state (each call attaches a new Playback).
     */
    public static final class Builder {
        private final Session session;
        private final AudioSink sink;
        private boolean outOfBand;
        private Consumer<? super Interruption> onInterruption;
        private Duration maxBuffered = Duration.ofMinutes(10);

        private Builder(Session session, AudioSink sink) {
            this.session = Objects.requireNonNull(session, "session");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * Whether to play out-of-band responses too (default false: only responses that write to
         * the conversation are played). Played out-of-band audio is cut by a barge-in, but not
         * truncated.
         */
        public Builder outOfBand(boolean play) {
            this.outOfBand = play;
            return this;
        }

        /**
         * Receives every {@link Interruption}, once its truncation was answered: one at a time, in
         * order, on Playback's reporting virtual thread (blocking session calls are allowed there).
         * An exception it throws is logged and ignored.
         */
        public Builder onInterruption(Consumer<? super Interruption> listener) {
            this.onInterruption = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How much received audio Playback may hold before the sink takes it (default 10 minutes).
         * It fills only when the sink is much slower than real time (a stalled device): when full,
         * the rest of the item being received is not played (logged as a warning), so what plays is
         * always a gapless start of each item.
         */
        public Builder maxBuffered(Duration maxBuffered) {
            Objects.requireNonNull(maxBuffered, "maxBuffered");
            if (maxBuffered.isNegative() || maxBuffered.isZero()) {
                throw new IllegalArgumentException("maxBuffered must be positive, got " + maxBuffered);
            }
            this.maxBuffered = maxBuffered;
            return this;
        }

        /**
         * Attaches a new Playback to the session. From now on, output audio goes to the sink.
         *
         * @throws IllegalStateException if the session is closed or failed
         */
        public Playback attach() {
            SessionState state = session.state();
            if (state == SessionState.CLOSED || state == SessionState.FAILED || state == SessionState.CLOSING) {
                throw new IllegalStateException("Session '" + session.name() + "' is " + state.name().toLowerCase()
                        + "; attach playback to an open session");
            }
            return new Playback(this).start();
        }
    }
}
