/** Audio for realtime voice: WAV, PCM16, G.711, resampling, speaker and microphone. JDK only. */
module dev.tau4j.audio {
    requires transitive java.desktop;

    exports dev.tau4j.audio;
}
