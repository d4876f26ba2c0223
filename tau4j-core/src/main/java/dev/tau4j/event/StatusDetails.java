package dev.tau4j.event;

/**
 * Why a response ended the way it did.
 *
 * @param type    {@code completed}, {@code cancelled}, {@code failed} or {@code incomplete}
 * @param reason  e.g. {@code turn_detected}, {@code client_cancelled}, {@code max_output_tokens},
 *                {@code content_filter}; may be null
 * @param error   the error of a failed response; may be null
 */
public record StatusDetails(String type, String reason, ErrorDetail error) {
}
