package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.ProtocolException;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ServerError;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.event.UnknownEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventCodecTest {

    @Test
    void unknownTypesAreKeptWholeNotDropped() {
        String frame = "{\"type\":\"response.brand_new_thing\",\"event_id\":\"event_1\",\"x\":{\"y\":[1,2]}}";
        UnknownEvent e = (UnknownEvent) EventCodec.decode(frame);
        assertThat(e.type()).isEqualTo("response.brand_new_thing");
        assertThat(e.eventId()).isEqualTo("event_1");
        assertThat(e.json()).isEqualTo(frame);
    }

    @Test
    void malformedFramesRaiseAProtocolExceptionNamingTheProblem() {
        assertThatThrownBy(() -> EventCodec.decode("not json")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("not json");
        assertThatThrownBy(() -> EventCodec.decode("[1,2]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EventCodec.decode("{\"event_id\":\"e\"}")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("no 'type'");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.output_audio.delta\",\"delta\":\"@@@\"}"))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void deltaFieldsAreReadInAnyOrderAndExtraFieldsIgnored() {
        String frame = "{\"delta\":\"AAEC\",\"obfuscation\":\"zz\",\"type\":\"response.output_audio.delta\","
                + "\"response_id\":\"resp_1\",\"extra\":{\"nested\":[1]},\"item_id\":\"item_1\",\"output_index\":2,\"content_index\":1}";
        ResponseOutputAudioDelta d = (ResponseOutputAudioDelta) EventCodec.decode(frame);
        assertThat(d.audio()).containsExactly(0, 1, 2);
        assertThat(d.responseId()).isEqualTo("resp_1");
        assertThat(d.outputIndex()).isEqualTo(2);
        assertThat(d.contentIndex()).isEqualTo(1);

        String transcript = "{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"e\",\"obfuscation\":{\"odd\":true},"
                + "\"response_id\":\"resp_2\",\"delta\":\"Hi \\\"there\\\"\"}";
        ResponseOutputAudioTranscriptDelta t = (ResponseOutputAudioTranscriptDelta) EventCodec.decode(transcript);
        assertThat(t.delta()).isEqualTo("Hi \"there\"");
    }

    @Test
    void gaAudioDeltasDecodeTheirPayloadExactlyWithOrWithoutPadding() {
        byte[] pcm = new byte[4_801];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 37);
        }
        String padded = java.util.Base64.getEncoder().encodeToString(pcm);
        String unpadded = java.util.Base64.getEncoder().withoutPadding().encodeToString(pcm);
        for (String payload : List.of(padded, unpadded)) {
            String frame = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_A\",\"response_id\":\"resp_B\","
                    + "\"item_id\":\"item_C\",\"output_index\":1,\"content_index\":2,\"delta\":\"" + payload + "\"}";
            ResponseOutputAudioDelta d = (ResponseOutputAudioDelta) EventCodec.decode(frame);
            assertThat(d.audio()).isEqualTo(pcm);
            assertThat(d.eventId()).isEqualTo("event_A");
            assertThat(d.responseId()).isEqualTo("resp_B");
            assertThat(d.itemId()).isEqualTo("item_C");
            assertThat(d.outputIndex()).isEqualTo(1);
            assertThat(d.contentIndex()).isEqualTo(2);
        }
    }

    @Test
    void audioDeltasWithEscapedSlashesOrEmptyPayloadsStillDecode() {
        String escaped = "{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"delta\":\"\\/\\/8=\"}";
        assertThat(((ResponseOutputAudioDelta) EventCodec.decode(escaped)).audio()).containsExactly(-1, -1);
        String empty = "{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"delta\":\"\"}";
        assertThat(((ResponseOutputAudioDelta) EventCodec.decode(empty)).audio()).isEmpty();
        String broken = "{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"delta\":\"@@@@\"}";
        assertThatThrownBy(() -> EventCodec.decode(broken)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("response.output_audio.delta");
    }

    @Test
    void errorEventsCarryTheClientEventIdTheyAnswer() {
        ServerError e = (ServerError) EventCodec.decode("{\"type\":\"error\",\"event_id\":\"event_9\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"code\":\"unknown_parameter\",\"message\":\"Unknown parameter: 'session.x'.\","
                + "\"param\":\"session.x\",\"event_id\":\"tau4j_3\"}}");
        assertThat(e.error().code()).isEqualTo("unknown_parameter");
        assertThat(e.error().eventId()).isEqualTo("tau4j_3");
        assertThat(e.error().param()).isEqualTo("session.x");
    }

    @Test
    void clientEventsEncodeInTheGaShape() {
        assertThat(EventCodec.encode(new InputAudioBufferAppend(null, new byte[] {0, 1, 2})))
                .isEqualTo("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAEC\"}");
        String item = EventCodec.encode(new ConversationItemCreate("tau4j_1", null,
                new MessageItem("item_a", "user", null, List.of(ContentPart.inputText("Hi \"you\"")))));
        assertThat(item).isEqualTo("{\"type\":\"conversation.item.create\",\"event_id\":\"tau4j_1\",\"item\":{\"id\":\"item_a\","
                + "\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi \\\"you\\\"\"}]}}");
    }

    @Test
    void aCustomVoiceIsAnObjectWithAnIdAndReadsAsThatId() {
        ResponseCreated created = (ResponseCreated) EventCodec.decode("{\"type\":\"response.created\",\"event_id\":\"e\","
                + "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[],"
                + "\"audio\":{\"output\":{\"voice\":{\"id\":\"voice_1234\"}}}}}");
        assertThat(created.response().voice()).isEqualTo("voice_1234");
        SessionUpdated updated = (SessionUpdated) EventCodec.decode("{\"type\":\"session.updated\",\"event_id\":\"e\","
                + "\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"marin\"}}}}");
        assertThat(updated.session().voice()).isEqualTo("marin");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"response.created\",\"event_id\":\"e\","
                + "\"response\":{\"id\":\"resp_1\",\"audio\":{\"output\":{\"voice\":{\"name\":\"x\"}}}}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("an object with an 'id'");
    }
}
