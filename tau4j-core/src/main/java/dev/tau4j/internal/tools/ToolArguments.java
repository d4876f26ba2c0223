package dev.tau4j.internal.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.internal.codec.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Binds the arguments a model sent (JSON text) to a tool's argument record, by the same mapping
 * as {@link ToolSchema}. Strict about types (a string is not a number), lenient about extra
 * properties (ignored) and enum case; every problem is named with its path, so the message can
 * go back to the model as is: {@code missing required 'city'; 'days' must be an integer, got "three"}.
 */
public final class ToolArguments {

    private ToolArguments() {
    }

    /**
     * The record {@code type} built from {@code json}; blank text counts as {@code {}}.
     *
     * @throws IllegalArgumentException listing every problem, if the arguments do not fit the
     *                                  record (or its canonical constructor refuses them)
     */
    public static <R extends Record> R bind(String json, Class<R> type) {
        JsonNode root;
        try {
            root = json == null || json.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the arguments are not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the arguments must be a JSON object, got " + abbreviate(root));
        }
        List<String> problems = new ArrayList<>();
        Object value = record(root, type, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return type.cast(value);
    }

    private static Object record(JsonNode node, Class<?> type, String path, List<String> problems) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        int before = problems.size();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String where = path.isEmpty() ? c.getName() : path + "." + c.getName();
            JsonNode v = node.get(c.getName());
            if (v == null || v.isNull()) {
                if (c.getType() == Optional.class) {
                    values[i] = Optional.empty();
                } else if (JsonTypes.nullable(c)) {
                    values[i] = null;
                } else {
                    problems.add("missing required '" + where + "'");
                }
            } else {
                values[i] = value(v, c.getGenericType(), where, problems);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            problems.add((path.isEmpty() ? "" : "'" + path + "': ") + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()));
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot construct the tool argument record " + type.getName()
                    + " (open its package to tau4j if it lives in a named module): " + e, e);
        }
    }

    private static Object value(JsonNode v, Type type, String where, List<String> problems) {
        Class<?> raw = JsonTypes.raw(type);
        switch (JsonTypes.kindOf(type, where)) {
            case STRING -> {
                if (v.isTextual()) {
                    return v.textValue();
                }
                return problem(problems, where, "a string", v);
            }
            case INTEGER -> {
                return integer(v, raw, where, problems);
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    return problem(problems, where, "a number", v);
                }
                if (raw == BigDecimal.class) {
                    return v.decimalValue();
                }
                return raw == float.class || raw == Float.class ? (Object) v.floatValue() : (Object) v.doubleValue();
            }
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                return problem(problems, where, "true or false", v);
            }
            case ENUM -> {
                return constant(v, raw, where, problems);
            }
            case LIST -> {
                if (!v.isArray()) {
                    return problem(problems, where, "an array", v);
                }
                Type element = JsonTypes.typeArgument(type, where);
                List<Object> list = new ArrayList<>(v.size());
                for (int i = 0; i < v.size(); i++) {
                    JsonNode e = v.get(i);
                    String at = where + "[" + i + "]";
                    if (e.isNull() && JsonTypes.raw(element) != Optional.class) {
                        problems.add("'" + at + "' must not be null");
                    } else {
                        list.add(e.isNull() ? Optional.empty() : value(e, element, at, problems));
                    }
                }
                return Collections.unmodifiableList(list);
            }
            case OPTIONAL -> {
                return Optional.ofNullable(value(v, JsonTypes.typeArgument(type, where), where, problems));
            }
            case RECORD -> {
                if (!v.isObject()) {
                    return problem(problems, where, "an object", v);
                }
                return record(v, raw, where, problems);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static Object integer(JsonNode v, Class<?> raw, String where, List<String> problems) {
        double d = v.doubleValue();
        boolean integral = v.isIntegralNumber()
                || (v.isFloatingPointNumber() && d == Math.rint(d) && !Double.isInfinite(d));
        if (!v.isNumber() || !integral) {
            return problem(problems, where, "an integer", v);
        }
        if (raw == BigInteger.class) {
            return v.bigIntegerValue();
        }
        BigInteger n = v.bigIntegerValue();
        long min;
        long max;
        if (raw == int.class || raw == Integer.class) {
            min = Integer.MIN_VALUE;
            max = Integer.MAX_VALUE;
        } else if (raw == short.class || raw == Short.class) {
            min = Short.MIN_VALUE;
            max = Short.MAX_VALUE;
        } else if (raw == byte.class || raw == Byte.class) {
            min = Byte.MIN_VALUE;
            max = Byte.MAX_VALUE;
        } else {
            min = Long.MIN_VALUE;
            max = Long.MAX_VALUE;
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add("'" + where + "' must be between " + min + " and " + max + ", got " + n);
            return null;
        }
        long l = n.longValue();
        if (raw == int.class || raw == Integer.class) {
            return (int) l;
        }
        if (raw == short.class || raw == Short.class) {
            return (short) l;
        }
        if (raw == byte.class || raw == Byte.class) {
            return (byte) l;
        }
        return l;
    }

    private static Object constant(JsonNode v, Class<?> type, String where, List<String> problems) {
        Object[] constants = type.getEnumConstants();
        if (v.isTextual()) {
            for (Object c : constants) {
                if (((Enum<?>) c).name().equalsIgnoreCase(v.textValue())) {
                    return c;
                }
            }
        }
        List<String> names = Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).toList();
        problems.add("'" + where + "' must be one of " + names + ", got " + abbreviate(v));
        return null;
    }

    private static Object problem(List<String> problems, String where, String expected, JsonNode got) {
        problems.add("'" + where + "' must be " + expected + ", got " + abbreviate(got));
        return null;
    }

    private static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
