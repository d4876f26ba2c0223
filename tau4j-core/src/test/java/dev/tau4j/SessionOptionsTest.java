package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.internal.codec.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SessionOptionsTest {

    private static JsonNode json(SessionOptions o) throws Exception {
        return Json.MAPPER.readTree(o.toJson());
    }

    @Test
    void unsetOptionsAreNotSentSoServerDefaultsApply() throws Exception {
        assertThat(SessionOptions.DEFAULTS.toJson()).isEqualTo("{\"type\":\"realtime\"}");
    }

    @Test
    void turnDetectionHasThreeStatesOnTheWire() throws Exception {
        assertThat(json(SessionOptions.DEFAULTS).path("audio").path("input").has("turn_detection")).isFalse();
        JsonNode off = json(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build());
        assertThat(off.at("/audio/input/turn_detection").isNull()).isTrue();
        JsonNode vad = json(SessionOptions.builder()
                .turnDetection(TurnDetection.serverVad().withSilenceDurationMs(800).withCreateResponse(false)).build());
        assertThat(vad.at("/audio/input/turn_detection").toString())
                .isEqualTo("{\"type\":\"server_vad\",\"silence_duration_ms\":800,\"create_response\":false}");
    }

    @Test
    void seedOptionsMapToTheNestedGaShape() throws Exception {
        JsonNode j = json(SessionOptions.builder().instructions("Hi").voice(Voice.ASH).outputModalities("text", "audio")
                .audioFormat(AudioFormat.G711_ULAW_8KHZ).inputTranscription(InputTranscription.of("whisper-1"))
                .tool(Tool.of("turn_lights_on", "Lights on")).toolChoice(ToolChoice.REQUIRED).maxOutputTokens(768)
                .extra("truncation", "\"disabled\"").build());
        assertThat(j.get("type").asText()).isEqualTo("realtime");
        assertThat(j.get("output_modalities").toString()).isEqualTo("[\"audio\"]");
        assertThat(j.at("/audio/output/voice").asText()).isEqualTo("ash");
        assertThat(j.at("/audio/input/format").toString()).isEqualTo("{\"type\":\"audio/pcmu\"}");
        assertThat(j.at("/audio/input/transcription/model").asText()).isEqualTo("whisper-1");
        assertThat(j.at("/tools/0/name").asText()).isEqualTo("turn_lights_on");
        assertThat(j.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(j.get("tool_choice").asText()).isEqualTo("required");
        assertThat(j.get("max_output_tokens").asInt()).isEqualTo(768);
        assertThat(j.get("truncation").asText()).isEqualTo("disabled");
    }

    @Test
    void badOptionsAreRejectedAtBuildTime() {
        assertThatThrownBy(() -> SessionOptions.builder().inputAudioFormat(AudioFormat.pcm16(16_000)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 kHz");
        assertThatThrownBy(() -> SessionOptions.builder().maxOutputTokens(5000).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionOptions.builder().extra("x", "{not json").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Tool.of("bad name!", "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tool.of("ok", "d", "[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseOptions.builder().metadata(ResponseOptions.REQUEST_KEY, "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
}
