package dev.tau4j.internal.dialect;

import java.util.Map;
import java.util.function.Supplier;

/**
 * How a provider authenticates the opening handshake: a fresh bearer token from a supplier on every
 * connect (Entra ID, Vertex AI's OAuth), else the API key in the provider's header. The values
 * hold secrets: they are never logged.
 *
 * @param provider  the provider's name, for the error of a supplier that gives no token
 * @param header    the header carrying the key, such as {@code "Authorization"}
 * @param prefix    what precedes the key in it ({@code "Bearer "}, or {@code ""})
 * @param tokens    the token supplier, or null for key authentication
 */
record Auth(String provider, String header, String prefix, Supplier<String> tokens) {

    /** The handshake's headers for {@code apiKey} (null when no key is configured). */
    Map<String, String> headers(String apiKey) {
        if (tokens != null) {
            String token = tokens.get();
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("The token supplier of provider '" + provider + "' returned no token");
            }
            return Map.of("Authorization", "Bearer " + token.strip());
        }
        return apiKey == null ? Map.of() : Map.of(header, prefix + apiKey);
    }

    @Override
    public String toString() {
        return "Auth[" + provider + ", " + header + (tokens != null ? ", token supplier" : "") + "]";
    }
}
