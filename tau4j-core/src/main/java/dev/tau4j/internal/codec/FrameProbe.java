package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A best-effort look at a frame that could not be decoded or applied: its {@code type} and the
 * response it belongs to ({@code response_id}, or {@code response.id}), read leniently from the
 * top level and the {@code response} object. Never throws.
 *
 * @param type        the event type, or null
 * @param responseId  the response id, or null
 */
public record FrameProbe(String type, String responseId) {

    private static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(Json.BUFFERS).build();
    private static final FrameProbe NOTHING = new FrameProbe(null, null);

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
                    String id = idOf(p);
                    if (responseId == null) {
                        responseId = id;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was read so far is what we know
        }
        return new FrameProbe(type, responseId);
    }

    /** Reads the object the parser is at, returning its string {@code id}. */
    private static String idOf(JsonParser p) throws IOException {
        String id = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return id;
    }
}
