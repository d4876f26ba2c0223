package dev.tau4j.examples;

import dev.tau4j.playback.Playback;
import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TurnDetection;
import dev.tau4j.Voice;
import dev.tau4j.audio.Microphone;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A language tutor: it speaks first, then listens to the user (server VAD, 800 ms of
 * silence ends the turn) and gives feedback on their pronunciation.
 */
public final class Tutor {

    static final String LANGUAGE = "Japanese";
    static final String PHRASE = "Two is enough, really!";

    private Tutor() {
    }

    public static void main(String[] args) throws Exception {
        Examples.main("tutor", args);
    }

    @SuppressWarnings("try")   // playback and mic only need closing
    // README:tutor
    static Response run(Setup setup, List<String> args) throws Exception {
        UserVoice recorded = args.isEmpty() ? null : UserVoice.wav(Path.of(args.get(0)));   // a bad file fails first
        try (Session tutor = Tau.createSession(SessionOptions.builder()
                     .instructions("You're a friendly, patient tutor helping the user learn " + LANGUAGE
                             + ". Assume they know none of it. Speak all instructions in English.")
                     .voice(setup.voice(Voice.ASH))
                     .turnDetection(TurnDetection.serverVad().withSilenceDurationMs(800))
                     .build(), setup.tauOptions());
             Playback playback = Playback.attach(tutor, setup.speaker())) {
            tutor.system("The target phrase is '" + PHRASE + "'. Say it in English, then once in " + LANGUAGE
                    + ", then ask the user to say it.");
            Response intro = tutor.requestResponse(ResponseOptions.DEFAULTS, setup.transcript("tutor:   ")).await();
            intro.audioFinished().get(1, TimeUnit.MINUTES);
            tutor.system("The user now says the phrase. Give feedback on one thing to improve in their pronunciation,"
                    + " and end by repeating the phrase.");

            CompletableFuture<Response> feedback = new CompletableFuture<>();
            tutor.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    if (response.origin() == ResponseOrigin.SERVER_STARTED) {   // server VAD heard the user finish
                        feedback.complete(response);
                    }
                }
            });
            try (Microphone mic = listen(setup, tutor, recorded)) {
                Response answer = feedback.get(2, TimeUnit.MINUTES);
                setup.out().println("tutor:   " + answer.transcript());
                answer.saveAudioAsWav(setup.file("tutor-feedback.wav"));
                answer.audioFinished().get(1, TimeUnit.MINUTES);
                return answer;
            }
        }
    }

    /**
     * Streams the user's voice: the WAV file, else the microphone when live, else simulated speech
     * offline. Returns the open microphone, to close once the tutor has answered, or null.
     */
    private static Microphone listen(Setup setup, Session tutor, UserVoice recorded) {
        if (recorded == null && setup.live()) {
            setup.out().println("student: (speak now: \"" + PHRASE + "\" in " + LANGUAGE + ")");
            return UserVoice.microphone(tutor);
        }
        UserVoice voice = recorded != null ? recorded : UserVoice.simulated("Futatsu de juubun desu yo!");
        setup.out().println("student: " + voice.label());
        voice.speak(tutor);
        return null;
    }
    // README:end
}
