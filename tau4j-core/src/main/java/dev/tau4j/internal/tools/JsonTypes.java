package dev.tau4j.internal.tools;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides how the Java types of a tool's argument record map to JSON: which
 * types are supported, and which components are required. {@link ToolSchema} and
 * {@link ToolArguments} both follow it, so the schema the model sees and the binding of what it
 * sends never disagree.
 */
final class JsonTypes {

    /** The JSON shape of a supported Java type. */
    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, ENUM, LIST, OPTIONAL, RECORD }

    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class, short.class,
            Short.class, byte.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(double.class, Double.class, float.class, Float.class,
            BigDecimal.class);

    private JsonTypes() {
    }

    /**
     * The kind of {@code type}.
     *
     * @param where names the value in messages, e.g. {@code Booking.seats}
     * @throws IllegalArgumentException if the type has no JSON mapping here
     */
    static Kind kindOf(Type type, String where) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return Kind.STRING;
        }
        if (INTEGERS.contains(raw)) {
            return Kind.INTEGER;
        }
        if (NUMBERS.contains(raw)) {
            return Kind.NUMBER;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (raw.isEnum()) {
            return Kind.ENUM;
        }
        if (raw == List.class) {
            return Kind.LIST;
        }
        if (raw == Optional.class) {
            return Kind.OPTIONAL;
        }
        if (raw.isRecord()) {
            return Kind.RECORD;
        }
        throw new IllegalArgumentException(where + " has type " + type.getTypeName() + ", which tool arguments do not"
                + " support; use String, a number, boolean, an enum, List<T>, Optional<T> or a record");
    }

    /** The class of {@code type} ({@code List} for {@code List<String>}). */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The {@code T} of {@code List<T>} or {@code Optional<T>}; a raw or wildcard type is refused. */
    static Type typeArgument(Type type, String where) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof ParameterizedType inner) {
            return inner;
        }
        throw new IllegalArgumentException(where + " has type " + type.getTypeName()
                + ": give its element type, e.g. List<String>");
    }

    /**
     * Whether the model must send {@code component}: it may leave out an {@code Optional<T>}, and
     * one annotated {@code @Nullable} (any annotation of that simple name retained at run time:
     * JSpecify, JSR-305, Jakarta), which then binds to null.
     */
    static boolean required(RecordComponent component) {
        return component.getType() != Optional.class && !nullable(component);
    }

    static boolean nullable(RecordComponent component) {
        return hasNullable(component.getAnnotations()) || hasNullable(component.getAnnotatedType().getAnnotations());
    }

    private static boolean hasNullable(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }
}
