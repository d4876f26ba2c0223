package dev.tau4j.internal.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.Description;
import dev.tau4j.internal.codec.Json;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * Generates the JSON Schema of a tool's parameters from a record: one property per component,
 * named like it; {@code String} → string, integral types → integer, floating and decimal types →
 * number, booleans → boolean, an enum → string with the constants' names as {@code enum},
 * {@code List<T>} → array of T, a record → a nested object. Components are required unless
 * {@code Optional} or {@code @Nullable} (see {@link JsonTypes#required}). {@link Description}
 * on a component (or on a nested record's type) becomes its {@code description}. Objects say
 * {@code additionalProperties: false}.
 */
public final class ToolSchema {

    private ToolSchema() {
    }

    /**
     * The parameters schema of {@code type}, as JSON text.
     *
     * @throws IllegalArgumentException if a component has a type with no JSON mapping, or the
     *                                  record contains itself (the schema would be infinite)
     */
    public static String of(Class<? extends Record> type) {
        return object(type, new HashSet<>()).toString();
    }

    private static ObjectNode object(Class<?> record, Set<Class<?>> enclosing) {
        if (!enclosing.add(record)) {
            throw new IllegalArgumentException("tool argument record " + record.getSimpleName()
                    + " contains itself; a JSON schema for it would never end");
        }
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        Description typeDescription = record.getAnnotation(Description.class);
        if (typeDescription != null) {
            schema.put("description", typeDescription.value());
        }
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Json.MAPPER.createArrayNode();
        for (RecordComponent c : record.getRecordComponents()) {
            String where = record.getSimpleName() + "." + c.getName();
            ObjectNode property = schema(c.getGenericType(), where, enclosing);
            Description d = c.getAnnotation(Description.class);
            if (d != null) {
                property.put("description", d.value());
            }
            properties.set(c.getName(), property);
            if (JsonTypes.required(c)) {
                required.add(c.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        enclosing.remove(record);
        return schema;
    }

    private static ObjectNode schema(Type type, String where, Set<Class<?>> enclosing) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        switch (JsonTypes.kindOf(type, where)) {
            case STRING -> s.put("type", "string");
            case INTEGER -> s.put("type", "integer");
            case NUMBER -> s.put("type", "number");
            case BOOLEAN -> s.put("type", "boolean");
            case ENUM -> {
                s.put("type", "string");
                ArrayNode values = s.putArray("enum");
                for (Object constant : JsonTypes.raw(type).getEnumConstants()) {
                    values.add(((Enum<?>) constant).name());
                }
            }
            case LIST -> {
                s.put("type", "array");
                s.set("items", schema(JsonTypes.typeArgument(type, where), where + "[]", enclosing));
            }
            case OPTIONAL -> {
                return schema(JsonTypes.typeArgument(type, where), where, enclosing);
            }
            case RECORD -> {
                return object(JsonTypes.raw(type), enclosing);
            }
        }
        return s;
    }
}
