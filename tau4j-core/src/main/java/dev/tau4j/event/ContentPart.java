package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * One content part of a message item.
 *
 * <p>Types: {@code input_text}, {@code input_audio}, {@code input_image} (user and system
 * input); {@code output_text}, {@code output_audio} (assistant); {@code text} / {@code audio}
 * (beta names, and GA's {@code response.content_part.*} events); {@code item_reference}.
 *
 * @param type        the part type
 * @param text        the text of text parts, else null
 * @param transcript  the transcript of audio parts (null until transcribed), else null
 * @param audio       base64 audio of audio parts when the server or client includes it, else null
 * @param imageUrl    a {@code data:} URL of image parts, else null
 */
public record ContentPart(String type, String text, String transcript, String audio, String imageUrl) {

    /** A user or system text part. */
    public static ContentPart inputText(String text) {
        return new ContentPart("input_text", text, null, null, null);
    }

    /** An assistant text part (what {@code Session.assistant(text)} creates). */
    public static ContentPart outputText(String text) {
        return new ContentPart("output_text", text, null, null, null);
    }

    /** A user audio part with base64 audio in the session's input format. */
    public static ContentPart inputAudio(String base64Audio) {
        return new ContentPart("input_audio", null, null, base64Audio, null);
    }

    /** A user image part from a {@code data:image/...;base64,...} URL. */
    public static ContentPart inputImage(String dataUrl) {
        return new ContentPart("input_image", null, null, null, dataUrl);
    }

    /** The readable text of this part: its text, else its transcript, else null. */
    public String textOrTranscript() {
        return text != null ? text : transcript;
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
