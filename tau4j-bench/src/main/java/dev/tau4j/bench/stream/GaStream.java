package dev.tau4j.bench.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The benchmark's stream, pre-serialised: per pass one response of N × (100 ms of PCM16 24 kHz in a
 * {@code response.output_audio.delta} + a {@code response.output_audio_transcript.delta}), as server
 * WebSocket frames (unmasked, ready to write), with the checksum of what a client must decode.
 */
final class GaStream {

    /** 100 ms of PCM16 mono at 24 kHz. */
    static final int PCM_BYTES = 4_800;
    /** Frames besides the deltas: created, item added, part added, audio done, transcript done, part done, item done, done. */
    static final int FIXED_EVENTS = 8;

    final int pass;
    final int deltas;
    final String responseId;
    final String itemId;
    /** The deltas' frames, back to back. */
    final byte[] frames;
    /** Where each delta frame starts in {@link #frames} (and its end, at index {@code 2N}). */
    final int[] offsets;
    /** CRC32C of all the PCM, then of the whole transcript's UTF-8. */
    final long audioCrc;
    final long transcriptCrc;
    final String transcript;

    GaStream(int pass, int deltas) {
        this.pass = pass;
        this.deltas = deltas;
        this.responseId = "resp_bench" + pass;
        this.itemId = "item_bench" + pass;
        SplittableRandom random = new SplittableRandom(pass);
        ByteArrayOutputStream out = new ByteArrayOutputStream(deltas * 6_900);
        offsets = new int[2 * deltas + 1];
        CRC32C audio = new CRC32C();
        StringBuilder text = new StringBuilder();
        byte[] pcm = new byte[PCM_BYTES];
        Base64.Encoder b64 = Base64.getEncoder();
        for (int i = 0; i < deltas; i++) {
            for (int s = 0; s < PCM_BYTES; s += 2) {
                short sample = (short) (Math.sin((i * 2400 + s / 2) * 0.031) * 8000 + random.nextInt(-64, 64));
                pcm[s] = (byte) sample;
                pcm[s + 1] = (byte) (sample >> 8);
            }
            audio.update(pcm);
            offsets[2 * i] = out.size();
            frame(out, "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_a" + pass + "_" + i
                    + "\",\"response_id\":\"" + responseId + "\",\"item_id\":\"" + itemId
                    + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + b64.encodeToString(pcm) + "\"}");
            String word = (i % 7 == 0 ? "Grüße " : "word") + i + " ";
            text.append(word);
            offsets[2 * i + 1] = out.size();
            frame(out, "{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"event_t" + pass + "_" + i
                    + "\",\"response_id\":\"" + responseId + "\",\"item_id\":\"" + itemId
                    + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + word + "\"}");
        }
        offsets[2 * deltas] = out.size();
        frames = out.toByteArray();
        audioCrc = audio.getValue();
        transcript = text.toString();
        CRC32C t = new CRC32C();
        t.update(transcript.getBytes(StandardCharsets.UTF_8));
        transcriptCrc = t.getValue();
    }

    /** The frames before the deltas; {@code metadataJson} is the request's metadata object, echoed. */
    byte[] head(String metadataJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, "{\"type\":\"response.created\",\"event_id\":\"event_c" + pass + "\",\"response\":{\"object\":"
                + "\"realtime.response\",\"id\":\"" + responseId + "\",\"status\":\"in_progress\",\"metadata\":"
                + metadataJson + ",\"output\":[]}}");
        frame(out, "{\"type\":\"response.output_item.added\",\"event_id\":\"event_i" + pass + "\",\"response_id\":\""
                + responseId + "\",\"output_index\":0,\"item\":{\"id\":\"" + itemId + "\",\"object\":\"realtime.item\","
                + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
        frame(out, "{\"type\":\"response.content_part.added\",\"event_id\":\"event_p" + pass + "\",\"response_id\":\""
                + responseId + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,"
                + "\"part\":{\"type\":\"audio\",\"transcript\":\"\"}}");
        return out.toByteArray();
    }

    /** The frames after the deltas. */
    byte[] tail(String metadataJson) {
        String item = "{\"id\":\"" + itemId + "\",\"object\":\"realtime.item\",\"type\":\"message\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_audio\",\"transcript\":\"" + transcript + "\"}]}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, "{\"type\":\"response.output_audio.done\",\"event_id\":\"event_ad" + pass + "\",\"response_id\":\""
                + responseId + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0}");
        frame(out, "{\"type\":\"response.output_audio_transcript.done\",\"event_id\":\"event_td" + pass
                + "\",\"response_id\":\"" + responseId + "\",\"item_id\":\"" + itemId
                + "\",\"output_index\":0,\"content_index\":0,\"transcript\":\"" + transcript + "\"}");
        frame(out, "{\"type\":\"response.content_part.done\",\"event_id\":\"event_pd" + pass + "\",\"response_id\":\""
                + responseId + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,"
                + "\"part\":{\"type\":\"audio\",\"transcript\":\"" + transcript + "\"}}");
        frame(out, "{\"type\":\"response.output_item.done\",\"event_id\":\"event_id" + pass + "\",\"response_id\":\""
                + responseId + "\",\"output_index\":0,\"item\":" + item + "}");
        frame(out, "{\"type\":\"response.done\",\"event_id\":\"event_d" + pass + "\",\"response\":{\"object\":"
                + "\"realtime.response\",\"id\":\"" + responseId + "\",\"status\":\"completed\",\"metadata\":"
                + metadataJson + ",\"output\":[" + item + "],\"usage\":{\"total_tokens\":30,\"input_tokens\":10,"
                + "\"output_tokens\":20,\"input_token_details\":{\"text_tokens\":10,\"audio_tokens\":0,\"cached_tokens\":0},"
                + "\"output_token_details\":{\"text_tokens\":5,\"audio_tokens\":15}}}}");
        return out.toByteArray();
    }

    static byte[] sessionCreated() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, "{\"type\":\"session.created\",\"event_id\":\"event_s0\",\"session\":{\"type\":\"realtime\","
                + "\"object\":\"realtime.session\",\"id\":\"sess_bench\",\"model\":\"gpt-realtime\","
                + "\"output_modalities\":[\"audio\"],\"instructions\":\"\",\"audio\":{\"input\":{\"format\":"
                + "{\"type\":\"audio/pcm\",\"rate\":24000}},\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},"
                + "\"voice\":\"alloy\"}}}}");
        return out.toByteArray();
    }

    /** Appends one unmasked, final server text frame. */
    static void frame(ByteArrayOutputStream out, String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (p.length <= 125) {
            out.write(p.length);
        } else if (p.length <= 0xFFFF) {
            out.write(126);
            out.write(p.length >>> 8);
            out.write(p.length & 0xFF);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) p.length >>> shift) & 0xFF);
            }
        }
        out.write(p, 0, p.length);
    }
}
