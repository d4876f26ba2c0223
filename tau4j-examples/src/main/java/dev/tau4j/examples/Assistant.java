package dev.tau4j.examples;

import dev.tau4j.Description;
import dev.tau4j.ExecutableTool;
import dev.tau4j.playback.Playback;
import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.ToolChoice;
import dev.tau4j.TurnDetection;
import dev.tau4j.Voice;
import dev.tau4j.audio.Microphone;
import dev.tau4j.event.ConversationItemDone;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.simulator.DefaultResponder;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.ResponseContext;
import dev.tau4j.simulator.SimItem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A function-calling home assistant, with two sessions: a text-only session listens
 * (server VAD) and must call one of its tools on every turn, and a voice session speaks when a
 * tool acts. The tools run by themselves ({@link ExecutableTool}); their calls arrive on the
 * responses that server VAD started.
 */
public final class Assistant {

    enum Room { KITCHEN, LIVING_ROOM, BEDROOM }

    record Switch(@Description("the room the user named; leave it out for every room") Optional<Room> room) {
    }

    /** What the user says offline, and the call the simulator makes of it (a live model decides by itself). */
    record Utterance(String says, String call, String arguments) {
    }

    static final List<Utterance> OFFLINE = List.of(
            new Utterance("I'm kinda tired.", "pass", "{}"),
            new Utterance("Rachel, turn the lights on in the kitchen.", "turn_lights_on", "{\"room\":\"KITCHEN\"}"),
            new Utterance("Rachel, lights off.", "turn_lights_off", "{}"),
            new Utterance("Thank you, Rachel.", "you_are_welcome", "{}"));

    private Assistant() {
    }

    public static void main(String[] args) throws Exception {
        Examples.main("assistant", args);
    }

    @SuppressWarnings("try")   // playback only needs closing
    // README:assistant
    static Home run(Setup setup, List<String> args) throws Exception {
        List<UserVoice> turns = args.stream().map(a -> UserVoice.wav(Path.of(a))).toList();   // bad files fail first
        try (Session voice = Tau.createSession(SessionOptions.builder()
                     .instructions("You are the voice of a home assistant. Repeat after the user, word for word,"
                             + " in a friendly, confident, refined British accent.")
                     .voice(setup.voice(Voice.SHIMMER))
                     .build(), setup.tauOptions());
             Playback playback = Playback.attach(voice, setup.speaker())) {
            Home home = new Home(voice, setup.out());
            SessionOptions.Builder listening = SessionOptions.builder()
                    .instructions("You are Rachel, a function-calling unit for household tasks. Listen to the user."
                            + " When they say your name and a command one of your functions does, call it;"
                            + " otherwise call pass.")
                    .textOnly()
                    .turnDetection(TurnDetection.serverVad().withSilenceDurationMs(200))
                    .toolChoice(ToolChoice.REQUIRED);
            for (ExecutableTool<?> tool : List.of(
                    ExecutableTool.of("pass", "Call this unless you heard your name and a command.", home::pass),
                    ExecutableTool.of("turn_lights_on", "Turns the lights on.", Switch.class,
                            s -> home.switchLights(true, s)),
                    ExecutableTool.of("turn_lights_off", "Turns the lights off.", Switch.class,
                            s -> home.switchLights(false, s)),
                    ExecutableTool.of("you_are_welcome", "Call this when the user thanks you.", home::welcome))) {
                listening.tool(tool.withFollowUp(false));   // Rachel only acts; the voice session speaks
            }
            try (Session rachel = Tau.createSession(listening.build(), setup.tauOptions())) {
                rachel.addListener(home);   // a turn ends when its tool's output is in Rachel's conversation
                rachel.addListener(new SessionListener() {
                    @Override
                    public void onResponse(Session session, Response response) {   // every response, also those server VAD started
                        response.functionCalls().forEach(call -> setup.out().println(
                                "rachel:    " + call.name() + call.arguments() + " (" + response.origin() + ")"));
                    }
                });
                if (turns.isEmpty() && setup.live()) {
                    listenToTheMicrophone(setup, rachel, home);
                } else {
                    for (UserVoice turn : turns.isEmpty() ? offlineTurns() : turns) {
                        setup.out().println("user:      " + turn.label());
                        turn.speak(rachel);
                        home.nextOutput(Duration.ofMinutes(1));   // VAD → a response calling a tool → its output
                    }
                }
            }
            return home;
        }
    }
    // README:end

    /** Live without WAV files: the microphone, until the user thanks Rachel. */
    @SuppressWarnings("try")   // the microphone only needs closing
    private static void listenToTheMicrophone(Setup setup, Session rachel, Home home) throws InterruptedException {
        setup.out().println("(say \"Rachel, turn the lights on\"; thank her to finish)");
        try (Microphone mic = UserVoice.microphone(rachel)) {
            while (!home.nextOutput(Duration.ofMinutes(5)).equals(Home.WELCOMED)) {
                // keep listening
            }
        }
    }

    /** Offline, the user's turns are simulated speech: the simulator hears that someone speaks, not what. */
    private static List<UserVoice> offlineTurns() {
        return OFFLINE.stream().map(u -> UserVoice.simulated(u.says())).toList();
    }

    /**
     * The house: lights by room, and the voice that answers, one line at a time. It listens to
     * Rachel for her tools' outputs: the next turn waits for one, since a user who speaks while a
     * tool still runs stops it (the tool is interrupted and answered as cancelled). Thread-safe.
     */
    static final class Home implements SessionListener {
        static final String WELCOMED = "said you're welcome";
        private final Session voice;
        private final PrintWriter out;
        private final ReentrantLock speaking = new ReentrantLock();
        private final BlockingQueue<String> outputs = new LinkedBlockingQueue<>();
        final Map<Room, Boolean> lit = Collections.synchronizedMap(new EnumMap<>(Room.class));
        final List<String> actions = new CopyOnWriteArrayList<>();
        final List<String> said = new CopyOnWriteArrayList<>();

        Home(Session voice, PrintWriter out) {
            this.voice = voice;
            this.out = out;
        }

        String pass() {
            return done("pass", "nothing to do");
        }

        String switchLights(boolean on, Switch command) {
            Optional<Room> room = command.room();
            Set<Room> rooms = room.map(EnumSet::of).orElseGet(() -> EnumSet.allOf(Room.class));
            rooms.forEach(r -> lit.put(r, on));
            say("Lights " + (on ? "on" : "off")
                    + room.map(r -> " in the " + r.name().toLowerCase(Locale.ROOT).replace('_', ' ')).orElse("") + ".");
            return done(on ? "turn_lights_on" : "turn_lights_off", "lights " + (on ? "on" : "off") + " in " + rooms);
        }

        String welcome() {
            say("You're most welcome!");
            return done("you_are_welcome", WELCOMED);
        }

        @Override
        public void onEvent(Session session, ServerEvent event) {   // on Rachel's reader: only hands the output over
            if (event instanceof ConversationItemDone done && done.item() instanceof FunctionCallOutputItem output) {
                outputs.add(output.output());
            }
        }

        /** The next tool output that reached Rachel's conversation, waiting up to {@code timeout}. */
        String nextOutput(Duration timeout) throws InterruptedException {
            String output = outputs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (output == null) {
                throw new IllegalStateException("no tool of the assistant answered within " + timeout.toSeconds() + " s");
            }
            return output;
        }

        private void say(String line) {
            speaking.lock();   // one response at a time in the voice's conversation
            try {
                voice.user(line);
                Response spoken = voice.requestResponse(ResponseOptions.DEFAULTS,
                        Setup.transcript(out, "voice:     ")).await();
                said.add(spoken.transcript());
                spoken.audioFinished().get(1, TimeUnit.MINUTES);   // the next line waits until this one is heard
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the voice spoke", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the voice did not finish speaking: " + e, e);
            } finally {
                speaking.unlock();
            }
        }

        private String done(String action, String result) {
            actions.add(action);
            return result;
        }
    }

    /**
     * The simulator standing in for the model offline: the scripted call for the user's n-th turn,
     * and a word after a tool's output (Gemini Live goes on by itself once it has one).
     */
    static Reply offlineModel(ResponseContext ctx) {
        if (ctx.tool("turn_lights_on") == null) {
            return new DefaultResponder().respond(ctx);   // the voice session: repeats after the user
        }
        SimItem last = ctx.lastItem();
        if (last != null && "function_call_output".equals(last.type())) {
            return Reply.text("Done.");
        }
        long turn = ctx.conversation().stream().filter(i -> "user".equals(i.role())).count();
        Utterance u = OFFLINE.get((int) Math.max(0, Math.min(turn, OFFLINE.size()) - 1));
        return Reply.functionCall(u.call(), u.arguments());
    }
}
