package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.event.ConversationItemDelete;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.SimDialect;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider option: resolution from the environment, custom services, capabilities failing fast. */
@Timeout(30)
class ProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void eachProviderReadsItsOwnKeyVariableEndpointAndDefaultModel() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-openai-1", "XAI_API_KEY", "xai-key-2",
                "GOOGLE_API_KEY", "goog-key-3", "AZURE_OPENAI_API_KEY", "azure-key-4",
                "AZURE_OPENAI_ENDPOINT", "https://my-res.openai.azure.com/");
        TauOptions openai = TauOptions.DEFAULTS.resolve(env);
        assertThat(openai.apiKey()).isEqualTo("sk-openai-1");
        assertThat(openai.endpoint()).isEqualTo(URI.create(TauOptions.OPENAI_ENDPOINT));

        TauOptions xai = TauOptions.builder().provider(Provider.XAI).build().resolve(env);
        assertThat(xai.apiKey()).isEqualTo("xai-key-2");
        assertThat(xai.endpoint()).isEqualTo(URI.create("wss://api.x.ai/v1/realtime"));
        assertThat(xai.model()).isEqualTo("grok-voice-think-fast-1.0");

        TauOptions gemini = TauOptions.builder().provider(Provider.GEMINI).build().resolve(env);
        assertThat(gemini.apiKey()).as("GOOGLE_API_KEY when GEMINI_API_KEY is unset").isEqualTo("goog-key-3");

        TauOptions azure = TauOptions.builder().provider(Provider.AZURE_OPENAI).model("my-deployment").build()
                .resolve(env);
        assertThat(azure.apiKey()).isEqualTo("azure-key-4");
        assertThat(azure.endpoint()).isEqualTo(URI.create("wss://my-res.openai.azure.com/openai/v1/realtime"));
        assertThat(azure.model()).isEqualTo("my-deployment");
    }

    @Test
    void azureWithoutAnEndpointSaysWhichVariableToSet() {
        assertThatThrownBy(() -> TauOptions.builder().provider(Provider.AZURE_OPENAI).build()
                .resolve(Map.of("AZURE_OPENAI_API_KEY", "k")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AZURE_OPENAI_ENDPOINT");
    }

    @Test
    void aProviderWithoutItsKeyIsRefusedBeforeConnectingNamingTheVariable() {
        assertThatThrownBy(() -> TauClient.create(TauOptions.builder().provider(Provider.XAI).build(), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'xai'").hasMessageContaining("XAI_API_KEY");
    }

    @Test
    void geminiHasNoSessionUpdateOnceOpenAndTheOthersHaveIt() {
        assertThat(Provider.GEMINI.supports(Provider.Capability.SESSION_UPDATE)).isFalse();
        assertThat(Provider.OPENAI.supports(Provider.Capability.SESSION_UPDATE)).isTrue();
        assertThat(Provider.XAI.supports(Provider.Capability.SESSION_UPDATE)).isTrue();
        assertThat(Provider.GEMINI.supports(Provider.Capability.RESPONSE_SETTINGS)).isFalse();
        assertThat(Provider.OPENAI.supports(Provider.Capability.RESPONSE_SETTINGS)).isTrue();
        assertThat(Provider.XAI.supports(Provider.Capability.RESPONSE_SETTINGS)).isTrue();
        try (TauClient client = TauClient.create(TauOptions.builder().provider(Provider.GEMINI).apiKey("g-key").build(),
                Map.of())) {
            assertThat(client).isNotNull();
        }
    }

    @Test
    void aCompatibleServiceIsDescribedByUrlAuthHeaderAndModelParameter() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().requiredApiKey("compat-key-123").start()) {
            Provider compat = Provider.openAiCompatible("my-gateway", URI.create(sim.url() + "?region=eu"),
                    "Authorization", "Bearer ", "model");
            try (TauClient client = TauClient.create(TauOptions.builder().provider(compat).apiKey("compat-key-123")
                    .build(), Map.of());
                    Session session = client.connect()) {
                assertThat(session.state()).isEqualTo(SessionState.OPEN);
                assertThat(session.user("hello").id()).isNotBlank();
                assertThat(session.response().transcript()).isNotBlank();
            }
        }
    }

    @Test
    void aCallTheProviderCannotDoFailsAtOnceNamingTheProviderAndNothingIsSent() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            Provider limited = Provider.openAiCompatible("tiny", sim.url(), "Authorization", "Bearer ", "model")
                    .withCapabilities(EnumSet.of(Provider.Capability.SERVER_VAD));
            try (TauClient client = TauClient.create(TauOptions.builder().provider(limited).build(), Map.of());
                    Session session = client.connect()) {
                String itemId = session.user("hello").id();
                assertThatThrownBy(() -> session.deleteItem(itemId))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("'tiny'").hasMessageContaining("deleteItem");
                assertThatThrownBy(() -> session.retrieveItem(itemId)).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> session.truncate(itemId, 0, 10)).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> session.send(new ConversationItemDelete(null, itemId)))
                        .isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> session.requestResponse(ResponseOptions.builder().outOfBand(true).build()))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("out-of-band");
                assertThatThrownBy(() -> session.updateSession(SessionOptions.builder()
                        .turnDetection(TurnDetection.semanticVad()).build()))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Semantic VAD");
                assertThatThrownBy(() -> session.updateSession(SessionOptions.builder()
                        .inputAudioFormat(AudioFormat.G711_ULAW_8KHZ).build()))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("G.711");
                assertThat(session.state()).isEqualTo(SessionState.OPEN);
                // Nothing reached the wire: the next client event after the refused calls is this one.
                session.user("after");
                RecordedEvent e;
                do {
                    e = sim.takeClientEvent(WAIT);
                    assertThat(e).as("client event").isNotNull();
                    assertThat(e.type()).isNotIn("conversation.item.delete", "conversation.item.retrieve",
                            "conversation.item.truncate", "response.create", "session.update");
                } while (!e.json().contains("\"after\""));
            }
            assertThatThrownBy(() -> TauClient.create(TauOptions.builder().provider(limited).build(), Map.of())
                    .connect(SessionOptions.builder().outputAudioFormat(AudioFormat.G711_ALAW_8KHZ).build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'tiny'");
            assertThat(sim.sessions()).hasSize(1);
        }
    }

    @Test
    void azureWithATokenSupplierSendsAFreshBearerTokenOnEveryConnect() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.AZURE).requiredApiKey("entra-token")
                .start()) {
            AtomicInteger calls = new AtomicInteger();
            Provider entra = Provider.azureOpenAi(URI.create(sim.url().toString().replace("ws://", "http://")))
                    .withTokenSupplier(() -> {
                        calls.incrementAndGet();
                        return "entra-token";
                    });
            try (TauClient client = TauClient.create(TauOptions.builder().provider(entra).model("my-deployment")
                    .resilience(dev.tau4j.recovery.Resilience.DEFAULT).build(), Map.of());
                    Session session = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
                assertThat(calls.get()).isEqualTo(1);
                session.user("hello");
                assertThat(session.response().status()).isEqualTo(ResponseStatus.COMPLETED);
                java.util.concurrent.CountDownLatch reopened = new java.util.concurrent.CountDownLatch(1);
                session.addListener(new SessionListener() {
                    @Override
                    public void onStateChange(Session s, SessionState previous, SessionState current) {
                        if (current == SessionState.OPEN) {
                            reopened.countDown();
                        }
                    }
                });
                sim.sessions().getFirst().inject(dev.tau4j.simulator.Fault.drop());
                assertThat(reopened.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).as("reconnected").isTrue();
                session.user("again");
                assertThat(session.response().status()).isEqualTo(ResponseStatus.COMPLETED);
                assertThat(session.recoveryStats().reconnects()).isEqualTo(1);
                assertThat(calls.get()).as("a token per connect").isEqualTo(2);
            }
        }
    }

    @Test
    void capabilitiesAreStatedPerProvider() {
        assertThat(Provider.OPENAI.capabilities()).containsAll(EnumSet.complementOf(EnumSet.of(Provider.Capability.RESUMPTION)));
        assertThat(Provider.XAI.supports(Provider.Capability.SEMANTIC_VAD)).isFalse();
        assertThat(Provider.XAI.supports(Provider.Capability.TRUNCATE)).isTrue();
        assertThat(Provider.GEMINI.supports(Provider.Capability.RESUMPTION)).isTrue();
        assertThat(Provider.GEMINI.supports(Provider.Capability.TRUNCATE)).isFalse();
        assertThat(Provider.AZURE_OPENAI.capabilities()).isEqualTo(Provider.OPENAI.capabilities());
        assertThat(Provider.AZURE_OPENAI.withTokenSupplier(() -> "t").toString()).contains("token supplier");
        assertThat(Set.copyOf(Provider.AZURE_OPENAI.keyVariables())).containsExactly("AZURE_OPENAI_API_KEY");
    }
}
