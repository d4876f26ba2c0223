package dev.tau4j.simulator;

import org.eclipse.jetty.util.Fields;

/**
 * Azure OpenAI GA's handshake rules (protocol.md §5): no {@code api-version} on the v1 endpoint,
 * the key in an {@code api-key} header or as a bearer token, refusals as HTTP errors before the
 * upgrade.
 */
final class Azure {

    private Azure() {
    }

    /** The JSON body of the HTTP refusal for this handshake, or null when it may proceed. */
    static String refusal(Fields query, String apiKeyHeader, String authorization, String requiredKey) {
        if (query.getValue("api-version") != null) {
            return "{\"error\":{\"code\":\"BadRequest\",\"message\":\"api-version must not be sent to the v1 endpoint"
                    + " /openai/v1/realtime; remove it (it is only for the preview endpoint /openai/realtime)\"}}";
        }
        if (requiredKey == null) {
            return null;
        }
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        String key = apiKeyHeader != null ? apiKeyHeader.trim() : bearer;
        if (requiredKey.equals(key)) {
            return null;
        }
        return "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API"
                + " endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API"
                + " endpoint for your resource.\"}}";
    }
}
