package dev.tau4j.examples;

import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.Voice;
import java.util.List;

/** The first example: a session that translates everything into German. */
public final class Translator {

    static final String LINE = "Excuse me, is this where I catch the train to the airport?";

    private Translator() {
    }

    public static void main(String[] args) throws Exception {
        Examples.main("translator", args);
    }

    // README:translator
    static Response run(Setup setup, List<String> args) throws Exception {
        try (Session session = Tau.createSession(SessionOptions.builder()
                .instructions("You are a translation assistant. Translate everything the user says into German."
                        + " Speak in a friendly voice, loudly and clearly.")
                .voice(setup.voice(Voice.ASH))
                .build(), setup.tauOptions())) {
            String line = args.isEmpty() ? LINE : String.join(" ", args);
            setup.out().println("user:       " + line);
            session.user(line);
            Response reply = session.requestResponse(ResponseOptions.DEFAULTS,
                    setup.transcript("translator: ")).await();   // the transcript printed as it arrives
            reply.saveAudioAsWav(setup.file("translator.wav"));
            return reply;
        }
    }
    // README:end
}
