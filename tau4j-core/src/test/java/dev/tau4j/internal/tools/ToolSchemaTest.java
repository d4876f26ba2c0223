package dev.tau4j.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.Description;
import dev.tau4j.internal.codec.Json;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ToolSchemaTest {

    enum Cabin { ECONOMY, BUSINESS }

    @Description("A person travelling")
    record Passenger(String name, @Description("age in years") int age) { }

    record Leg(@Description("IATA code, e.g. LHR") String from, String to, Optional<Cabin> cabin) { }

    record Booking(List<Leg> legs, @Description("who flies") List<Passenger> passengers, Cabin cabin,
            boolean flexible, double maxPrice, BigDecimal budget, long loyaltyNumber, @Nullable String note) { }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable { }

    record Empty() { }

    record Node(String name, List<Node> children) { }

    record WithMap(Map<String, String> tags) { }

    record RawList(@SuppressWarnings("rawtypes") List items) { }

    @Test
    void nestedRecordsListsAndEnumsBecomeAJsonSchema() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(ToolSchema.of(Booking.class));

        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(strings(schema.get("required")))
                .containsExactly("legs", "passengers", "cabin", "flexible", "maxPrice", "budget", "loyaltyNumber");
        JsonNode p = schema.get("properties");
        assertThat(p.get("cabin").toString()).isEqualTo("{\"type\":\"string\",\"enum\":[\"ECONOMY\",\"BUSINESS\"]}");
        assertThat(p.get("flexible").get("type").asText()).isEqualTo("boolean");
        assertThat(p.get("maxPrice").get("type").asText()).isEqualTo("number");
        assertThat(p.get("budget").get("type").asText()).isEqualTo("number");
        assertThat(p.get("loyaltyNumber").get("type").asText()).isEqualTo("integer");
        assertThat(p.get("note").get("type").asText()).isEqualTo("string");

        JsonNode leg = p.get("legs").get("items");
        assertThat(p.get("legs").get("type").asText()).isEqualTo("array");
        assertThat(leg.get("type").asText()).isEqualTo("object");
        assertThat(strings(leg.get("required"))).containsExactly("from", "to");
        assertThat(leg.get("properties").get("from").get("description").asText()).isEqualTo("IATA code, e.g. LHR");
        assertThat(leg.get("properties").get("cabin").get("enum")).hasSize(2);

        JsonNode passengers = p.get("passengers");
        assertThat(passengers.get("description").asText()).isEqualTo("who flies");
        JsonNode passenger = passengers.get("items");
        assertThat(passenger.get("description").asText()).isEqualTo("A person travelling");
        assertThat(passenger.get("properties").get("age").toString())
                .isEqualTo("{\"type\":\"integer\",\"description\":\"age in years\"}");
    }

    @Test
    void aRecordWithoutComponentsIsAnEmptyObject() {
        assertThat(ToolSchema.of(Empty.class)).isEqualTo("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}");
    }

    @Test
    void unsupportedTypesAreRefusedNamingTheComponent() {
        assertThatThrownBy(() -> ToolSchema.of(WithMap.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithMap.tags").hasMessageContaining("java.util.Map<java.lang.String, java.lang.String>");
        assertThatThrownBy(() -> ToolSchema.of(RawList.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RawList.items").hasMessageContaining("List<String>");
    }

    @Test
    void aRecordContainingItselfIsRefused() {
        assertThatThrownBy(() -> ToolSchema.of(Node.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Node contains itself");
    }

    private static List<String> strings(JsonNode array) {
        return Json.MAPPER.convertValue(array, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
