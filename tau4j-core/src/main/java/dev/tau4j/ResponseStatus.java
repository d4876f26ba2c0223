package dev.tau4j;

/** How a response ended. A cancelled or failed response is never reported as completed. */
public enum ResponseStatus {
    /** The model finished normally. */
    COMPLETED,
    /** Cancelled by the client ({@code client_cancelled}) or by the user speaking ({@code turn_detected}). */
    CANCELLED,
    /** Stopped early: {@code max_output_tokens} or {@code content_filter}. */
    INCOMPLETE,
    /** The server failed it; see {@link Response#error()}. */
    FAILED;

    /** The status for a wire value ({@code completed}, {@code cancelled}, {@code incomplete}, {@code failed}); unknown values are {@code FAILED}. */
    public static ResponseStatus fromWire(String status) {
        if (status == null) {
            return FAILED;
        }
        return switch (status) {
            case "completed" -> COMPLETED;
            case "cancelled" -> CANCELLED;
            case "incomplete" -> INCOMPLETE;
            default -> FAILED;
        };
    }
}
