package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Token accounting: 1 token per 4 text chars, per 100 ms input audio, per 50 ms output audio. */
final class Usage {
    /** Input tokens of one response, {@code cached*} being a subset (multiples of 64). */
    record Input(int text, int audio, int cachedText, int cachedAudio) {
        int total() {
            return text + audio;
        }
    }

    private Usage() {}

    static int textTokens(String s) {
        return s == null || s.isEmpty() ? 0 : (s.length() + 3) / 4;
    }

    static ObjectNode json(Input in, int textOut, int audioOut) {
        ObjectNode u = Json.obj();
        u.put("total_tokens", in.total() + textOut + audioOut);
        u.put("input_tokens", in.total());
        u.put("output_tokens", textOut + audioOut);
        ObjectNode d = u.putObject("input_token_details");
        d.put("text_tokens", in.text());
        d.put("audio_tokens", in.audio());
        d.put("image_tokens", 0);
        d.put("cached_tokens", in.cachedText() + in.cachedAudio());
        ObjectNode c = d.putObject("cached_tokens_details");
        c.put("text_tokens", in.cachedText());
        c.put("audio_tokens", in.cachedAudio());
        c.put("image_tokens", 0);
        ObjectNode o = u.putObject("output_token_details");
        o.put("text_tokens", textOut);
        o.put("audio_tokens", audioOut);
        return u;
    }
}
