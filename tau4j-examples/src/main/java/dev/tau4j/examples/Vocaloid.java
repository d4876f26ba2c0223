package dev.tau4j.examples;

import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.Voice;
import dev.tau4j.event.Usage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A dramatic vocaloid: a voice repeats lines with stage directions; each is saved as a WAV file. */
public final class Vocaloid {

    static final List<String> LINES = List.of(
            "**PROUDLY** Forty years I kept this light burning. **SCOFFS** Forty.",
            "**EXCITED** Ships came home through storms, guided by my lamp!",
            "**WISTFULLY** The gulls rode the wind above the harbour wall.",
            "**SADLY, WITH PAUSES** And now... a machine will do it.",
            "**CALMLY, ACCEPTING** Well then. Time to go home.");

    private Vocaloid() {
    }

    public static void main(String[] args) throws Exception {
        Examples.main("vocaloid", args);
    }

    // README:vocaloid
    static Usage run(Setup setup, List<String> args) throws Exception {
        List<String> lines = args.isEmpty() ? LINES : args;
        try (Session session = Tau.createSession(SessionOptions.builder()
                .instructions("You are a dramatic acting vocaloid. Repeat after the user, acting out the stage"
                        + " directions in **asterisks** without saying them. Speak in a deep, raspy, assured"
                        + " Scottish brogue.")
                .voice(setup.voice(Voice.ASH))
                .build(), setup.tauOptions())) {
            for (int i = 1; i <= lines.size(); i++) {
                session.user(lines.get(i - 1));
                Response line = session.requestResponse(ResponseOptions.DEFAULTS, setup.transcript(i + ". ")).await();
                Path wav = setup.file("vocaloid-" + i + ".wav");
                line.saveAudioAsWav(wav);
                setup.out().printf("   %s (%d ms)%n", wav, line.audioDuration().toMillis());
                line.audioFinished().get(1, TimeUnit.MINUTES);   // as if it had played
            }
            setup.out().println("usage: " + Setup.usage(session));
            return session.usage();
        }
    }
    // README:end
}
