package dev.tau4j.cli;

import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.audio.Wav;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One user turn shared by {@code demo} and {@code say}: send the text, stream the reply, save it. */
final class Turn {

    private Turn() {
    }

    /**
     * Sends {@code text} as a user message and waits for the response, printing its transcript to
     * {@code stream} as it arrives (when not null).
     */
    static Response run(Session session, String text, PrintWriter stream) {
        session.user(text);
        return session.requestResponse(ResponseOptions.DEFAULTS, event -> {
            if (stream == null) {
                return;
            }
            switch (event) {
                case ResponseOutputAudioTranscriptDelta d -> print(stream, d.delta());
                case ResponseOutputTextDelta d -> print(stream, d.delta());
                default -> {
                }
            }
        }).await();
    }

    private static void print(PrintWriter out, String delta) {
        if (delta != null) {
            out.print(delta);
            out.flush();
        }
    }

    /** Writes the response's audio as a WAV file in its own format. */
    static void saveWav(Response response, Path file) {
        try {
            Wav.write(file, response.audioFormat(), response.audio());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String usageLine(Usage u) {
        return "usage: input " + u.inputTokens() + " tokens (text " + u.inputTextTokens() + ", audio " + u.inputAudioTokens()
                + ", cached " + u.cachedTokens() + ") · output " + u.outputTokens() + " tokens (text " + u.outputTextTokens()
                + ", audio " + u.outputAudioTokens() + ")";
    }

    static String costLine(CostEstimate estimate) {
        if (!estimate.isKnown()) {
            return "estimated cost: unknown (" + estimate.unknownReason() + ")";
        }
        return costLine(estimate.totalUsd(), estimate.model());
    }

    static String costLine(java.math.BigDecimal usd, String model) {
        return "estimated cost: $" + usd.setScale(6, java.math.RoundingMode.HALF_UP).toPlainString()
                + " (" + model + ", bundled prices of " + PriceTable.bundled().effectiveDate() + ")";
    }
}
