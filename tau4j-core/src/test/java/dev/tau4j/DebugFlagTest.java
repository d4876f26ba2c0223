package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.simulator.RealtimeSimulator;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DebugFlagTest {

    @Test
    void tauDebugIsOnlyOnForTrueLikeValues() {
        assertThat(TauOptions.DEFAULTS.resolve(Map.of("TAU_DEBUG", "true")).debug()).isTrue();
        assertThat(TauOptions.DEFAULTS.resolve(Map.of("TAU_DEBUG", "1")).debug()).isTrue();
        assertThat(TauOptions.DEFAULTS.resolve(Map.of("TAU_DEBUG", "false")).debug()).isFalse();
        assertThat(TauOptions.DEFAULTS.resolve(Map.of()).debug()).isFalse();
        assertThat(TauOptions.DEFAULTS.resolve(Map.of()).debugUrl()).isEqualTo(URI.create(TauOptions.DEBUG_URL));
        assertThat(TauOptions.DEFAULTS.resolve(Map.of("TAU_DEBUG_URL", "ws://127.0.0.1:1")).debugUrl().getPort()).isEqualTo(1);
    }

    @Test
    void withNoDebugServerRunningTheSessionWorksAndWarnsOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlockingQueue<LogRecord> warnings = new LinkedBlockingQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.tau4j");
        logger.addHandler(capture);
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             Session session = Tau.createSession(SessionOptions.DEFAULTS, TauOptions.builder().endpoint(sim.url())
                     .apiKey("sk-x").name("debugged").debug(true).debugUrl(URI.create("ws://127.0.0.1:" + port)).build())) {
            session.user("hello");
            assertThat(session.response().isCompleted()).isTrue();
            LogRecord warning = warnings.poll(5, TimeUnit.SECONDS);
            assertThat(warning).isNotNull();
            String text = java.text.MessageFormat.format(warning.getMessage(), warning.getParameters());
            assertThat(text).contains("debugged").contains("no token for the debug server at ws://127.0.0.1:" + port)
                    .contains("./tau debug start");
            assertThat(warnings).isEmpty();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
