package dev.tau4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.G711;
import dev.tau4j.audio.Wav;
import dev.tau4j.audio.WavAudio;
import dev.tau4j.audio.WavFormatException;
import dev.tau4j.audio.WavInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tau audio}: convert WAV files and inspect them. Exit codes: 0 success, 2 a usage error or a
 * file that cannot be read or written. Errors are one line on stderr.
 */
@Command(name = "audio", description = "Convert and inspect WAV files.", mixinStandardHelpOptions = true,
        subcommands = {AudioCommand.Convert.class, AudioCommand.Info.class})
public final class AudioCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, on stderr, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    enum Format {
        pcm16, ulaw, alaw
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Resample and re-encode a WAV file (PCM 8-32 bit, float, G.711 in; PCM16 or G.711 out).")
    static final class Convert implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN.wav", description = "Input WAV file.")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "OUT.wav", description = "Output WAV file (replaced).")
        Path out;

        @Option(names = "--rate", paramLabel = "HZ",
                description = "Output sample rate. Default: the input's for pcm16, 8000 for ulaw/alaw (which require 8000).")
        Integer rate;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pcm16",
                description = "Output encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--channels", paramLabel = "N", defaultValue = "1",
                description = "Output channels: 1 (downmix, default) or 2.")
        int channels;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            boolean g711 = format != Format.pcm16;
            if (rate != null && rate <= 0) {
                return usage(err, "--rate must be positive, got " + rate);
            }
            if (g711 && rate != null && rate != 8000) {
                return usage(err, "G.711 (" + format + ") requires --rate 8000, got " + rate);
            }
            if (channels != 1 && channels != 2) {
                return usage(err, "--channels must be 1 or 2, got " + channels);
            }
            Path current = in;
            try {
                WavAudio audio = Wav.read(in);
                int outRate = rate != null ? rate : g711 ? 8000 : audio.info().sampleRate();
                byte[] pcm = audio.pcm16(outRate, channels);
                AudioFormat outFormat = switch (format) {
                    case pcm16 -> new AudioFormat(AudioFormat.Encoding.PCM16, outRate, channels);
                    case ulaw -> new AudioFormat(AudioFormat.Encoding.G711_ULAW, outRate, channels);
                    case alaw -> new AudioFormat(AudioFormat.Encoding.G711_ALAW, outRate, channels);
                };
                byte[] data = g711 ? G711.encode(pcm, outFormat.encoding()) : pcm;
                current = out;
                Wav.write(out, outFormat, data);
                spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s %d Hz %d ch, %.3f s%n", out, format, outRate,
                        channels, outFormat.durationOf(data.length).toNanos() / 1e9);
                return ExitCode.OK;
            } catch (IOException e) {
                return fileError(err, e, current);
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a WAV file's format, duration and levels.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.wav", description = "WAV file.")
        Path file;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() {
            try {
                WavAudio audio = Wav.read(file);
                WavInfo info = audio.info();
                double seconds = info.duration().toNanos() / 1e9;
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("file", file.toString());
                    o.put("format", info.encodingName());
                    o.put("sample_rate", info.sampleRate());
                    o.put("channels", info.channels());
                    o.put("bits", info.bitsPerSample());
                    o.put("frames", info.frames());
                    o.put("duration_ms", Math.round(seconds * 1_000_000) / 1000.0);
                    putLevel(o, "peak_dbfs", audio.peakDbfs());
                    putLevel(o, "rms_dbfs", audio.rmsDbfs());
                    out.println(o);
                } else {
                    out.printf(Locale.ROOT, "file:     %s%n", file);
                    out.printf(Locale.ROOT, "format:   %s%s%n", info.encodingName(), info.extensible() ? " (extensible)" : "");
                    out.printf(Locale.ROOT, "rate:     %d Hz%n", info.sampleRate());
                    out.printf(Locale.ROOT, "channels: %d%n", info.channels());
                    out.printf(Locale.ROOT, "bits:     %d%n", info.bitsPerSample());
                    out.printf(Locale.ROOT, "duration: %.3f s (%d frames)%n", seconds, info.frames());
                    out.printf(Locale.ROOT, "peak:     %s dBFS%n", level(audio.peakDbfs()));
                    out.printf(Locale.ROOT, "rms:      %s dBFS%n", level(audio.rmsDbfs()));
                }
                return ExitCode.OK;
            } catch (IOException e) {
                return fileError(spec.commandLine().getErr(), e, file);
            }
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("tau audio: " + message);
        return ExitCodes.USAGE;
    }

    /** A file that cannot be read (missing, a folder, not a WAV file) or written: a usage error, as everywhere. */
    private static int fileError(PrintWriter err, IOException e, Path file) {
        String message = e instanceof WavFormatException ? "not a readable WAV file: " + ErrorLine.strip(e.getMessage())
                : ErrorLine.file(e, file);
        err.println("tau audio: " + message);
        return ExitCodes.USAGE;
    }

    private static String level(double dbfs) {
        return Double.isInfinite(dbfs) ? "-inf" : String.format(Locale.ROOT, "%.2f", dbfs);
    }

    /** A level in dBFS rounded to 0.01, or null for silence (minus infinity). */
    private static void putLevel(ObjectNode o, String key, double dbfs) {
        if (Double.isInfinite(dbfs)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(dbfs * 100) / 100.0);
        }
    }
}
