package dev.tau4j.examples;

import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.Voice;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.WavWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An ensemble performance: three sessions with their own voices perform a scene. Each
 * line's audio is given to the other players as what they heard, in parallel, while it plays.
 */
public final class Ensemble {

    /** A player, how they speak, and their voice. */
    record Player(String name, String manner, Voice voice) {
    }

    /** One line of the scene. */
    record Line(String player, String direction, String text) {
    }

    static final List<Player> CAST = List.of(
            new Player("brian", "Speak in a nervous, sophisticated Liverpool accent.", Voice.ASH),
            new Player("passerby", "Speak in a cheerful cockney London accent.", Voice.VERSE),
            new Player("marketgoer", "Whisper in a conspiratorial Scottish brogue.", Voice.BALLAD));

    static final List<Line> SCENE = List.of(
            new Line("brian", "PONTIFICATING, NERVOUSLY", "Be kind to strangers... or, er, they may be unkind to you!"),
            new Line("passerby", "DISBELIEVING", "What?!"),
            new Line("brian", "HOPEFULLY", "I said, be kind to strangers."),
            new Line("passerby", "DELIGHTED", "Oh, cheers! Lovely!"),
            new Line("marketgoer", "TIPSILY", "...that's a very nice cabbage."));

    private Ensemble() {
    }

    public static void main(String[] args) throws Exception {
        Examples.main("ensemble", args);
    }

    static Path run(Setup setup, List<String> args) throws Exception {
        return perform(setup, SCENE);
    }

    // README:ensemble
    static Path perform(Setup setup, List<Line> scene) throws Exception {
        Path file = setup.file("ensemble.wav");
        Map<String, Session> players = new LinkedHashMap<>();
        try (WavWriter recording = WavWriter.create(file, AudioFormat.PCM16_24KHZ_MONO);
             ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Player p : CAST) {   // one after the other: opening many sessions at once can be refused (429)
                players.put(p.name(), Tau.createSession(SessionOptions.builder()
                        .instructions("You are a comedic voice actor. Repeat after the user: read the line exactly"
                                + " as written, acting out the direction in **asterisks** without saying it. "
                                + p.manner())
                        .voice(setup.voice(p.voice()))
                        .build(), setup.tauOptions()));
            }
            for (Line line : scene) {
                Session speaker = players.get(line.player());
                speaker.user("**" + line.direction() + "** " + line.text());
                Response spoken = speaker.requestResponse(ResponseOptions.DEFAULTS,
                        setup.transcript(String.format("%-11s ", line.player() + ":"))).await();
                recording.write(spoken.audio());
                List<Future<?>> heard = new ArrayList<>();
                for (Session other : players.values()) {
                    if (other != speaker) {
                        heard.add(parallel.submit(() -> other.createAudio(spoken.audio())));   // the others hear it
                    }
                }
                heard.add(parallel.submit(() -> spoken.audioFinished().get(1, TimeUnit.MINUTES)));   // while it plays
                for (Future<?> f : heard) {
                    f.get(1, TimeUnit.MINUTES);
                }
            }
            players.forEach((name, session) -> setup.out().printf("%-11s %s%n", name + ":", Setup.usage(session)));
            return file;
        } finally {
            players.values().forEach(Session::close);
        }
    }
    // README:end
}
