package dev.tau4j.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour of the simulated server, armed on one connection with {@link
 * SimulatedSession#inject(Fault)} or {@link RealtimeSimulator#injectOnNextConnection(Fault...)}.
 *
 * <p>Most faults fire at a {@link Trigger}; the factories return a fault that fires
 * {@linkplain Trigger#now() now} (when armed) and the fluent methods re-target it:
 * <pre>{@code
 * Fault.drop().afterEvent("response.created")      // TCP dropped after the first response.created
 * Fault.drop().afterAudioDeltas(3)                 // ... after the 3rd output audio delta
 * Fault.drop().insteadOfEvent("response.done")     // response.done is never sent
 * Fault.drop().onClientEvent("input_audio_buffer.commit")
 * Fault.close(1011, "keepalive ping timeout").afterEvents(5)
 * Fault.stall().afterEvent("response.output_audio.delta")
 * Fault.rejectHandshake(429, "{\"error\":{...}}")   // only with injectOnNextConnection
 * Fault.delayEach(Duration.ofMillis(50))
 * Fault.malformedFrame()
 * Fault.unknownEvent("response.brand_new_thing")
 * Fault.expireAfter(Duration.ofSeconds(1))
 * // Gemini Live (SimDialect.GEMINI):
 * Fault.goAway(Duration.ofSeconds(1)).afterEvent("setupComplete")  // goAway {timeLeft:"1s"}, then close 1011
 * Fault.close(1011, "Deadline expired before operation could complete.").afterEvent("toolCall")
 * Fault.staleHandle()                               // resumption handles refused with close 1007
 * Fault.binaryFrames()                              // server JSON in binary frames
 * }</pre>
 * For {@link SimDialect#GEMINI} the event types of triggers are the server messages' top-level
 * keys ({@code setupComplete}, {@code serverContent}, {@code toolCall}, {@code
 * toolCallCancellation}, {@code goAway}, {@code sessionResumptionUpdate}), client events those of
 * the client messages ({@code setup}, {@code clientContent}, {@code realtimeInput}, {@code
 * toolResponse}), and audio deltas the {@code serverContent} messages carrying output audio.
 * Event counts start when the fault is armed; for faults armed with {@code
 * injectOnNextConnection} that is before {@code session.created}. A fault fires at most once.
 */
public sealed interface Fault {

    /** Abruptly drops the TCP connection: no close frame, the client sees 1006. */
    static Drop drop() {
        return new Drop(Trigger.now());
    }

    /** Sends a close frame with {@code code} and {@code reason}, then stops. */
    static Close close(int code, String reason) {
        return new Close(code, reason, Trigger.now());
    }

    /** Stops sending events while keeping the socket open and still reading client events. */
    static Stall stall() {
        return new Stall(Trigger.now());
    }

    /** Answers the WebSocket upgrade with HTTP {@code status} and a JSON {@code body} instead of 101. */
    static RejectHandshake rejectHandshake(int status, String jsonBody) {
        return new RejectHandshake(status, jsonBody);
    }

    /** Answers the upgrade with HTTP {@code status} and an OpenAI-style JSON error body. */
    static RejectHandshake rejectHandshake(int status) {
        String code = status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded" : "server_error";
        return new RejectHandshake(status, "{\"error\":{\"message\":\"Simulated handshake rejection (" + status
                + ")\",\"type\":\"" + (status == 429 ? "requests" : "invalid_request_error")
                + "\",\"param\":null,\"code\":\"" + code + "\"}}");
    }

    /** Delays every server event by {@code delay} from now on. */
    static DelayEach delayEach(Duration delay) {
        return new DelayEach(delay);
    }

    /** Sends one text frame that is not JSON. */
    static MalformedFrame malformedFrame() {
        return new MalformedFrame(Trigger.now());
    }

    /** Sends one well-formed event of a {@code type} clients do not know. */
    static UnknownEvent unknownEvent(String type) {
        return new UnknownEvent(type, Trigger.now());
    }

    /**
     * Expires the session after {@code after}: {@code session_expired} error, then close 1001
     * (Gemini Live: close 1011 "Deadline expired before operation could complete.", without goAway).
     */
    static ExpireAfter expireAfter(Duration after) {
        return new ExpireAfter(after);
    }

    /**
     * Gemini Live only: sends {@code {"goAway":{"timeLeft":…}}} and ends the connection when
     * {@code timeLeft} has passed, with close 1011 "Deadline expired before operation could
     * complete." as the live service does at its connection lifetime. Ignored by other dialects.
     */
    static GoAway goAway(Duration timeLeft) {
        return new GoAway(timeLeft, Trigger.now());
    }

    /**
     * Gemini Live only: the session resumption handles of this conversation go stale, so a
     * connection resuming with one is closed with 1007. Armed with {@link
     * RealtimeSimulator#injectOnNextConnection(Fault...)}, that connection refuses the handle its
     * {@code setup} offers (and the handles it hands out are never valid).
     */
    static StaleHandle staleHandle() {
        return new StaleHandle();
    }

    /**
     * Sends every server JSON message from now on as a binary frame of UTF-8 JSON instead of a
     * text frame, as the Gemini Live service may (clients must decode both).
     */
    static BinaryFrames binaryFrames() {
        return new BinaryFrames();
    }

    /** A fault that fires at a {@link Trigger}; the fluent methods return a re-targeted copy. */
    sealed interface Triggered<F extends Triggered<F>> extends Fault permits Drop, Close, Stall, MalformedFrame, UnknownEvent, GoAway {
        /** When the fault fires. */
        Trigger trigger();

        /** A copy firing at {@code trigger}. */
        F at(Trigger trigger);

        /** Fires right after the {@code n}th server event sent since arming. */
        default F afterEvents(int n) {
            return at(new Trigger.AfterEvents(n));
        }

        /** Fires right after the {@code k}th {@code response.output_audio.delta} since arming. */
        default F afterAudioDeltas(int k) {
            return at(new Trigger.AfterAudioDeltas(k));
        }

        /** Fires right after the first server event of {@code type} is sent. */
        default F afterEvent(String type) {
            return at(new Trigger.AfterEvent(type));
        }

        /** Fires instead of sending the first server event of {@code type} (which is then not sent). */
        default F insteadOfEvent(String type) {
            return at(new Trigger.InsteadOfEvent(type));
        }

        /** Fires when the next client event of {@code type} arrives, before it is handled. */
        default F onClientEvent(String type) {
            return at(new Trigger.OnClientEvent(type));
        }

        /**
         * Fires after a number of server events drawn from {@code [min, max]} with the simulator's
         * seed (deterministic per seed and connection).
         */
        default F afterRandomEvents(int min, int max) {
            return at(new Trigger.AfterRandomEvents(min, max));
        }
    }

    /** When a {@link Triggered} fault fires. */
    sealed interface Trigger {
        /** Fires when armed. */
        static Trigger now() {
            return Now.INSTANCE;
        }

        /** Fires when armed. */
        enum Now implements Trigger { INSTANCE }

        /** After the {@code n}th server event since arming. */
        record AfterEvents(int n) implements Trigger {
            public AfterEvents {
                if (n < 1) {
                    throw new IllegalArgumentException("n must be >= 1");
                }
            }
        }

        /** After the {@code k}th output audio delta since arming. */
        record AfterAudioDeltas(int k) implements Trigger {
            public AfterAudioDeltas {
                if (k < 1) {
                    throw new IllegalArgumentException("k must be >= 1");
                }
            }
        }

        /** After the first server event of {@code type}. */
        record AfterEvent(String type) implements Trigger {
            public AfterEvent {
                Objects.requireNonNull(type, "type");
            }
        }

        /** Instead of the first server event of {@code type}. */
        record InsteadOfEvent(String type) implements Trigger {
            public InsteadOfEvent {
                Objects.requireNonNull(type, "type");
            }
        }

        /** When a client event of {@code type} arrives. */
        record OnClientEvent(String type) implements Trigger {
            public OnClientEvent {
                Objects.requireNonNull(type, "type");
            }
        }

        /** After a seeded random number of server events in {@code [min, max]}. */
        record AfterRandomEvents(int min, int max) implements Trigger {
            public AfterRandomEvents {
                if (min < 1 || max < min) {
                    throw new IllegalArgumentException("need 1 <= min <= max");
                }
            }
        }
    }

    /** See {@link Fault#drop()}. */
    record Drop(Trigger trigger) implements Triggered<Drop> {
        public Drop {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public Drop at(Trigger trigger) {
            return new Drop(trigger);
        }
    }

    /** See {@link Fault#close(int, String)}. */
    record Close(int code, String reason, Trigger trigger) implements Triggered<Close> {
        public Close {
            if (code < 1000 || code > 4999) {
                throw new IllegalArgumentException("close code must be in 1000..4999");
            }
            reason = reason == null ? "" : reason;
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public Close at(Trigger trigger) {
            return new Close(code, reason, trigger);
        }
    }

    /** See {@link Fault#stall()}. */
    record Stall(Trigger trigger) implements Triggered<Stall> {
        public Stall {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public Stall at(Trigger trigger) {
            return new Stall(trigger);
        }
    }

    /** See {@link Fault#malformedFrame()}. */
    record MalformedFrame(Trigger trigger) implements Triggered<MalformedFrame> {
        public MalformedFrame {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public MalformedFrame at(Trigger trigger) {
            return new MalformedFrame(trigger);
        }
    }

    /** See {@link Fault#unknownEvent(String)}. */
    record UnknownEvent(String type, Trigger trigger) implements Triggered<UnknownEvent> {
        public UnknownEvent {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public UnknownEvent at(Trigger trigger) {
            return new UnknownEvent(type, trigger);
        }
    }

    /** See {@link Fault#rejectHandshake(int, String)}; ignored when armed on a live session. */
    record RejectHandshake(int status, String jsonBody) implements Fault {
        public RejectHandshake {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx");
            }
            jsonBody = jsonBody == null ? "" : jsonBody;
        }
    }

    /** See {@link Fault#delayEach(Duration)}. */
    record DelayEach(Duration delay) implements Fault {
        public DelayEach {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0");
            }
        }
    }

    /** See {@link Fault#expireAfter(Duration)}. */
    record ExpireAfter(Duration after) implements Fault {
        public ExpireAfter {
            if (after == null || after.isNegative()) {
                throw new IllegalArgumentException("after must be >= 0");
            }
        }
    }

    /** See {@link Fault#goAway(Duration)}. */
    record GoAway(Duration timeLeft, Trigger trigger) implements Triggered<GoAway> {
        public GoAway {
            if (timeLeft == null || timeLeft.isNegative()) {
                throw new IllegalArgumentException("timeLeft must be >= 0");
            }
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public GoAway at(Trigger trigger) {
            return new GoAway(timeLeft, trigger);
        }
    }

    /** See {@link Fault#staleHandle()}. */
    record StaleHandle() implements Fault {}

    /** See {@link Fault#binaryFrames()}. */
    record BinaryFrames() implements Fault {}
}
