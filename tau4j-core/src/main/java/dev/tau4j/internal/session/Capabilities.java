package dev.tau4j.internal.session;

import dev.tau4j.Provider;
import dev.tau4j.Provider.Capability;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.TurnDetection;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ConversationItemDelete;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.ConversationItemTruncate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks calls and options against the provider's {@link Capability capabilities} before anything
 * is sent: a call the provider cannot do throws {@link UnsupportedOperationException} naming the
 * provider, and the session stays as it was.
 */
final class Capabilities {

    private Capabilities() {
    }

    static void checkSession(Provider provider, SessionOptions options) {
        if (options.turnDetection() instanceof TurnDetection.SemanticVad) {
            provider.require(Capability.SEMANTIC_VAD, "Semantic VAD (TurnDetection.semanticVad)");
        }
        if (options.turnDetection() instanceof TurnDetection.ServerVad) {
            provider.require(Capability.SERVER_VAD, "Server VAD (TurnDetection.serverVad)");
        }
        if (isG711(options.inputAudioFormat()) || isG711(options.outputAudioFormat())) {
            provider.require(Capability.G711, "G.711 audio");
        }
    }

    static void checkResponse(Provider provider, ResponseOptions options) {
        if (options.outOfBand()) {
            provider.require(Capability.OUT_OF_BAND_RESPONSES, "An out-of-band response (ResponseOptions.outOfBand)");
        }
        if (!provider.supports(Capability.RESPONSE_SETTINGS)) {
            List<String> set = responseSettings(options);
            if (!set.isEmpty()) {
                provider.require(Capability.RESPONSE_SETTINGS, "A response with its own " + String.join(", ", set)
                        + " (ResponseOptions; set them on the session instead)");
            }
        }
    }

    /** The model settings {@code options} sets for its response alone, by their option names. */
    private static List<String> responseSettings(ResponseOptions options) {
        List<String> set = new ArrayList<>();
        if (options.instructions() != null) {
            set.add("instructions");
        }
        if (options.voice() != null) {
            set.add("voice");
        }
        if (!options.outputModalities().isEmpty()) {
            set.add("outputModalities");
        }
        if (options.toolChoice() != null) {
            set.add("toolChoice");
        }
        if (options.maxOutputTokens() != null) {
            set.add("maxOutputTokens");
        }
        if (options.input() != null) {
            set.add("input");
        }
        if (!options.extra().isEmpty()) {
            set.add("extra");
        }
        return set;
    }

    static void checkEvent(Provider provider, ClientEvent event) {
        switch (event) {
            case ConversationItemDelete e -> provider.require(Capability.ITEM_DELETE, "conversation.item.delete");
            case ConversationItemRetrieve e -> provider.require(Capability.ITEM_RETRIEVE, "conversation.item.retrieve");
            case ConversationItemTruncate e -> provider.require(Capability.TRUNCATE, "conversation.item.truncate");
            default -> {
            }
        }
    }

    private static boolean isG711(AudioFormat format) {
        return format != null && format.encoding() != AudioFormat.Encoding.PCM16;
    }
}
