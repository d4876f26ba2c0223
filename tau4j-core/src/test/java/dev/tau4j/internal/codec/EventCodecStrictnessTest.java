package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.ProtocolException;
import dev.tau4j.event.ConversationItemTruncated;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.event.UnknownEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the protocol forbids is a typed error; what it may add (fields, event types) is kept. */
@Timeout(10)
class EventCodecStrictnessTest {

    private static final String AUDIO = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e1\",\"response_id\":\"r1\","
            + "\"item_id\":\"i1\",\"output_index\":0,\"content_index\":0,";

    @Test
    void aDeltaKeyInsideAnotherFieldIsNotTheEventsDelta() {
        ResponseOutputAudioDelta d = (ResponseOutputAudioDelta) EventCodec.decode(
                AUDIO + "\"x\":{\"delta\":\"AAAA\"},\"delta\":\"AQID\"}");
        assertThat(d.audio()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> EventCodec.decode(AUDIO + "\"x\":{\"delta\":\"AAAA\"}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("delta");
    }

    @Test
    void aDeltaThatIsAnObjectIsRejected() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_text.delta\",\"delta\":{\"delta\":\"hi\"}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> EventCodec.decode(AUDIO + "\"delta\":[\"AAAA\"]}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> EventCodec.decode("{\"response_id\":\"r\",\"type\":\"response.output_audio_transcript.delta\","
                + "\"delta\":{\"text\":\"hi\"}}")).isInstanceOf(ProtocolException.class).hasMessageContaining("delta");
    }

    @Test
    void aDuplicatedKeyIsRejected() {
        assertThatThrownBy(() -> EventCodec.decode(AUDIO + "\"delta\":\"AAAA\",\"delta\":\"AQID\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_audio_transcript.delta\",\"delta\":\"a\","
                + "\"response_id\":\"r\",\"delta\":\"b\"}")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"session.updated\",\"type\":\"error\",\"session\":{}}"))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EventCodec.decode(AUDIO + "\"obfuscation\":\"a\",\"obfuscation\":\"b\",\"delta\":\"AAAA\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("obfuscation");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_audio.delta\",\"output_index\":01,"
                + "\"delta\":\"AAAA\"}")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void objectsWhereNumbersBelongAreRejected() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_audio.delta\",\"output_index\":{\"n\":1},"
                + "\"delta\":\"AAAA\"}")).isInstanceOf(ProtocolException.class).hasMessageContaining("output_index");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"conversation.item.truncated\",\"item_id\":\"i\","
                + "\"content_index\":0,\"audio_end_ms\":{\"ms\":5}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("audio_end_ms");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"conversation.item.truncated\",\"item_id\":\"i\","
                + "\"content_index\":[1],\"audio_end_ms\":5}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("content_index");
        ConversationItemTruncated ok = (ConversationItemTruncated) EventCodec.decode(
                "{\"type\":\"conversation.item.truncated\",\"item_id\":\"i\",\"content_index\":1,\"audio_end_ms\":5}");
        assertThat(ok.audioEndMs()).isEqualTo(5);
    }

    @Test
    void contentAfterTheEventObjectIsRejected() {
        String forged = "{\"type\":\"tau.response\",\"session\":\"other\"}";
        assertThatThrownBy(() -> EventCodec.decode(AUDIO + "\"delta\":\"AAAA\"}" + forged))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_text.delta\",\"delta\":\"a\\\"b\"} x"))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"session.updated\",\"session\":{}}" + forged))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"brand.new\"},")).isInstanceOf(ProtocolException.class);
        assertThat(EventCodec.decode("{\"type\":\"session.updated\",\"session\":{}}\n ")).isInstanceOf(SessionUpdated.class);
        assertThat(EventCodec.decode(AUDIO + "\"delta\":\"AAAA\"}\r\n")).isInstanceOf(ResponseOutputAudioDelta.class);
    }

    @Test
    void unknownFieldsAndEventsAreStillKept() {
        assertThat(EventCodec.decode(AUDIO + "\"obfuscation\":\"xyz\",\"future\":{\"a\":[1,{\"delta\":2}]},\"delta\":\"AQID\"}"))
                .isInstanceOfSatisfying(ResponseOutputAudioDelta.class, d -> assertThat(d.audio()).containsExactly(1, 2, 3));
        String unknown = "{\"type\":\"response.future_thing\",\"delta\":{\"x\":1},\"n\":\"s\"}";
        assertThat(EventCodec.decode(unknown)).isInstanceOfSatisfying(UnknownEvent.class,
                u -> assertThat(u.json()).isEqualTo(unknown));
    }

    @Test
    void theFastPathAndTheParserAgreeOnEveryDeltaShape() {
        byte[] pcm = new byte[4_800];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 31 + 7);
        }
        String b64 = Base64.getEncoder().encodeToString(pcm);
        String[] frames = {
            AUDIO + "\"delta\":\"" + b64 + "\"}",
            "{ \"type\" : \"response.audio.delta\" , \"delta\" : \"" + b64 + "\" , \"output_index\" : 12 }",
            "{\"type\":\"response.output_audio_transcript.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"content_index\":3,"
                    + "\"delta\":\"Grüße, 世界 🎧\"}",
            "{\"type\":\"response.output_text.delta\",\"event_id\":\"e\",\"delta\":\"\"}",
        };
        for (String frame : frames) {
            byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
            Object fast = FlatDeltas.decode(utf8, 0, utf8.length);
            assertThat(fast).as(frame).isNotNull();
            // An escaped key takes the parser's path for the same content.
            String slow = frame.replace("\"type\"", "\"typ\\u0065\"");
            byte[] slowUtf8 = slow.getBytes(StandardCharsets.UTF_8);
            assertThat(FlatDeltas.decode(slowUtf8, 0, slowUtf8.length)).isNull();
            assertThat(describe(fast)).isEqualTo(describe(EventCodec.decode(slow)));
        }
        ResponseOutputAudioDelta d = (ResponseOutputAudioDelta) EventCodec.decode(frames[0]);
        assertThat(d.audio()).isEqualTo(pcm);
        ResponseOutputAudioTranscriptDelta t = (ResponseOutputAudioTranscriptDelta) EventCodec.decode(frames[2]);
        assertThat(t.delta()).isEqualTo("Grüße, 世界 🎧");
        assertThat(t.contentIndex()).isEqualTo(3);
    }

    @Test
    void aFrameInsideALargerBufferDecodesFromItsOffset() {
        String frame = AUDIO + "\"delta\":\"AQID\"}";
        byte[] inner = frame.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[inner.length + 20];
        java.util.Arrays.fill(buf, (byte) '}');
        System.arraycopy(inner, 0, buf, 7, inner.length);
        ResponseOutputAudioDelta d = (ResponseOutputAudioDelta) EventCodec.decode(buf, 7, inner.length);
        assertThat(d.audio()).containsExactly(1, 2, 3);
        assertThat(d.responseId()).isEqualTo("r1");
        String text = "{\"type\":\"response.output_text.delta\",\"delta\":\"a\\nb\"}";
        ResponseOutputTextDelta t = (ResponseOutputTextDelta) EventCodec.decode(
                ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8), 2, text.length());
        assertThat(t.delta()).isEqualTo("a\nb");
    }

    private static String describe(Object event) {
        return switch (event) {
            case ResponseOutputAudioDelta a -> "audio " + a.eventId() + " " + a.responseId() + " " + a.itemId() + " "
                    + a.outputIndex() + " " + a.contentIndex() + " " + Base64.getEncoder().encodeToString(a.audio());
            case ResponseOutputAudioTranscriptDelta t -> "transcript " + t.eventId() + " " + t.responseId() + " "
                    + t.itemId() + " " + t.outputIndex() + " " + t.contentIndex() + " " + t.delta();
            case ResponseOutputTextDelta t -> "text " + t.eventId() + " " + t.responseId() + " " + t.itemId() + " "
                    + t.outputIndex() + " " + t.contentIndex() + " " + t.delta();
            default -> event.toString();
        };
    }
}
