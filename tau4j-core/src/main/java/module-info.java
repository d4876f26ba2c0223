/**
 * tau4j: a blocking, virtual-thread-friendly session API over realtime speech-to-speech
 * protocols, with recovery, cost estimates, playback and automatic tools.
 *
 * <p>The API is {@code dev.tau4j} and its {@code event}, {@code cost}, {@code recovery} and
 * {@code playback} packages. The engine lives in {@code dev.tau4j.internal.*}; those packages are
 * exported only to tau4j's benchmarks, which drive the engine directly.
 */
module dev.tau4j.core {
    requires transitive dev.tau4j.audio;
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;

    exports dev.tau4j;
    exports dev.tau4j.event;
    exports dev.tau4j.cost;
    exports dev.tau4j.recovery;
    exports dev.tau4j.playback;

    exports dev.tau4j.internal.codec to dev.tau4j.bench;
    exports dev.tau4j.internal.dialect to dev.tau4j.bench;
    exports dev.tau4j.internal.session to dev.tau4j.bench;
    exports dev.tau4j.internal.transport to dev.tau4j.bench;
}
