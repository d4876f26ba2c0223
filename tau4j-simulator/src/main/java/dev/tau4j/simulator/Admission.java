package dev.tau4j.simulator;

/**
 * The checks the live service makes right after the 101 (protocol.md §1.1): key, beta header,
 * model. A refusal is one {@code error} event and a close: 3000 for auth, 4000 for the request's shape.
 */
final class Admission {
    /** Why a connection is refused: the close code, the error's {@code code} (null for a missing key) and message. */
    record Refusal(int closeCode, String code, String message) {}

    private Admission() {}

    /** The refusal for this connection, or null when it may proceed. */
    static Refusal check(RealtimeSimulator sim, String apiKey, boolean beta, String intent, String model) {
        String required = sim.requiredApiKey();
        if (required != null && (apiKey == null || apiKey.isBlank())) {
            return new Refusal(3000, null, "Missing bearer or basic authentication in header");
        }
        if (required != null && !required.equals(apiKey)) {
            String shown = apiKey.length() <= 8 ? apiKey : apiKey.substring(0, 8) + "***" + apiKey.substring(apiKey.length() - 4);
            return new Refusal(3000, "invalid_api_key", "Incorrect API key provided: " + shown
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.");
        }
        if (beta && sim.betaShape() == BetaShape.REJECT) {
            return new Refusal(4000, "beta_api_shape_disabled", "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.");
        }
        if (sim.dialect() == SimDialect.AZURE) {
            return model == null || model.isBlank() ? new Refusal(4000, "missing_model",
                    "You must provide a model parameter naming the deployment, for example"
                            + " wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>") : null;
        }
        if (sim.dialect() == SimDialect.XAI) {
            return model.startsWith("grok-voice") ? null : new Refusal(4000, "invalid_model",
                    "Model \"" + model + "\" is not a voice agent model.");
        }
        if (!"transcription".equals(intent)) {
            if (model == null || model.isBlank()) {
                return new Refusal(4000, "missing_model", "You must provide a model parameter, for example wss://api.openai.com/v1/realtime?model=gpt-realtime");
            }
            if (!RealtimeSimulator.isKnownModel(model)) {
                return new Refusal(4000, "invalid_model", "Model \"" + model + "\" is not supported in realtime mode.");
            }
        }
        return null;
    }
}
