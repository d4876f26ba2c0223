package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tau4j.ResponseOptions;
import java.io.IOException;

/**
 * A best-effort look at a frame that could not be decoded or applied: its {@code type}, the
 * response it belongs to ({@code response_id}, or {@code response.id}) and the tau4j request that
 * asked for it ({@code response.metadata.tau4j_request}), read leniently from the top level and the
 * {@code response} object. Never throws.
 *
 * @param type        the event type, or null
 * @param responseId  the response id, or null
 * @param requestId   the id of the tau4j request the response answers, or null
 */
public record FrameProbe(String type, String responseId, String requestId) {

    private static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(Json.BUFFERS).build();
    private static final FrameProbe NOTHING = new FrameProbe(null, null, null);

    /** Whether the frame is a {@code response.*} event. */
    public boolean responseScoped() {
        return type != null && type.startsWith("response.");
    }

    public static FrameProbe of(String frame) {
        if (frame == null) {
            return NOTHING;
        }
        String type = null;
        String responseId = null;
        String[] response = {null, null};
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOTHING;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if ("response_id".equals(name) && value == JsonToken.VALUE_STRING) {
                    responseId = p.getText();
                } else if ("response".equals(name) && value == JsonToken.START_OBJECT) {
                    readResponse(p, response);
                    if (responseId == null) {
                        responseId = response[0];
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was read so far is what we know
        }
        return new FrameProbe(type, responseId, response[1]);
    }

    /** Reads the response object the parser is at into {@code into}: its {@code id}, its request id. */
    private static void readResponse(JsonParser p, String[] into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                into[0] = p.getText();
            } else if ("metadata".equals(name) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_STRING && ResponseOptions.REQUEST_KEY.equals(key)) {
                        into[1] = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }
}
