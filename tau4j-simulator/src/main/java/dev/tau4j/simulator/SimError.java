package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/** A client mistake, sent back as an {@code error} event; thrown to abort handling of one event. */
final class SimError extends RuntimeException {
    final String type;
    final String code;
    final String param;

    SimError(String code, String message, String param) {
        this("invalid_request_error", code, message, param);
    }

    SimError(String type, String code, String message, String param) {
        super(message, null, false, false);
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static SimError missing(String param) {
        return new SimError("missing_required_parameter", "Missing required parameter: '" + param + "'.", param);
    }

    /** The text of {@code field} in a client event; a {@link #missing} error when it is absent or null. */
    static String required(JsonNode ev, String field) {
        if (!ev.hasNonNull(field)) {
            throw missing(field);
        }
        return ev.get(field).asText();
    }

    static SimError invalidValue(String param, String got, String... supported) {
        StringBuilder sb = new StringBuilder("Invalid value: '").append(got).append("'. Supported values are: ");
        for (int i = 0; i < supported.length; i++) {
            if (i > 0) {
                sb.append(i == supported.length - 1 ? ", and " : ", ");
            }
            sb.append('\'').append(supported[i]).append('\'');
        }
        return new SimError("invalid_value", sb.append('.').toString(), param);
    }

    static SimError unknownParameter(String param) {
        return new SimError("unknown_parameter", "Unknown parameter: '" + param + "'.", param);
    }

    static SimError invalidType(String param, String expected) {
        return new SimError("invalid_type", "Invalid type for '" + param + "': expected " + expected + ".", param);
    }
}
