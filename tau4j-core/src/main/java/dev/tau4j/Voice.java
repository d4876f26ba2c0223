package dev.tau4j;

import java.util.Objects;

/**
 * An output voice. An open type: the constants are the voices known today, and
 * {@link #of(String)} names any other (new voices, provider voices, custom voice ids).
 *
 * @param name  the voice name as sent on the wire
 */
public record Voice(String name) {

    public static final Voice ALLOY = new Voice("alloy");
    public static final Voice ASH = new Voice("ash");
    public static final Voice BALLAD = new Voice("ballad");
    public static final Voice CORAL = new Voice("coral");
    public static final Voice ECHO = new Voice("echo");
    public static final Voice SAGE = new Voice("sage");
    public static final Voice SHIMMER = new Voice("shimmer");
    public static final Voice VERSE = new Voice("verse");
    /** GA only ({@code gpt-realtime} and later). */
    public static final Voice MARIN = new Voice("marin");
    /** GA only ({@code gpt-realtime} and later). */
    public static final Voice CEDAR = new Voice("cedar");

    public Voice {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("voice name must not be blank");
        }
    }

    /** A voice by name. */
    public static Voice of(String name) {
        return new Voice(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
