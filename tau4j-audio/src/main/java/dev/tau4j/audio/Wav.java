package dev.tau4j.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes RIFF/WAVE files.
 *
 * <p>Reading accepts integer PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float of 32 and 64
 * bits, G.711 A-law (tag 6) and μ-law (tag 7), each also inside {@code WAVE_FORMAT_EXTENSIBLE},
 * with any number of channels. It skips unknown chunks ({@code LIST}, {@code fact}, {@code cue }…),
 * tolerates odd-sized chunks with or without their pad byte, ignores a wrong RIFF size, and takes a
 * data size of 0 or {@code 0xFFFFFFFF} (left by streaming writers that never finished) to mean
 * "the rest of the file". A trailing partial frame is dropped. Anything else wrong throws a
 * {@link WavFormatException} naming the problem.
 *
 * <p>Writing produces canonical files: PCM16 with a 16-byte {@code fmt } chunk, G.711 with an
 * 18-byte {@code fmt } chunk and a {@code fact} chunk, as the WAVE specification asks of non-PCM
 * formats. For recordings of unknown length use {@link WavWriter}, which streams to disk.
 *
 * <p>Whole-file methods hold the file in memory (so files are limited to 2 GiB). All methods are
 * thread-safe.
 */
public final class Wav {

    private static final int EXTENSIBLE = 0xFFFE;
    private static final Map<Integer, String> KNOWN_TAGS = Map.ofEntries(
            Map.entry(0x0002, "Microsoft ADPCM"),
            Map.entry(0x0011, "IMA ADPCM"),
            Map.entry(0x0031, "GSM 6.10"),
            Map.entry(0x0040, "G.721 ADPCM"),
            Map.entry(0x0050, "MPEG"),
            Map.entry(0x0055, "MP3"),
            Map.entry(0x0064, "G.726 ADPCM"),
            Map.entry(0x00FF, "AAC"),
            Map.entry(0x0161, "WMA"),
            Map.entry(0x2000, "AC-3"),
            Map.entry(0x674F, "Ogg Vorbis"),
            Map.entry(0xF1AC, "FLAC"));

    private Wav() {
    }

    /**
     * Reads a whole WAV file.
     *
     * @throws WavFormatException if the file is not a WAV file this class reads
     * @throws IOException        if reading fails
     */
    public static WavAudio read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** Reads a whole WAV stream to its end; does not close it. */
    public static WavAudio read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    /** Reads WAV bytes. */
    public static WavAudio read(byte[] wav) throws WavFormatException {
        Parsed p = parse(wav);
        return new WavAudio(p.info, decode(wav, p));
    }

    /** Reads only what the header says, validating the file the same way as {@link #read(Path)}. */
    public static WavInfo info(Path file) throws IOException {
        return parse(Files.readAllBytes(file)).info;
    }

    /**
     * Writes a WAV file holding {@code data}, replacing any existing file.
     *
     * @param format encoding, rate and channels of {@code data} (PCM16 little-endian, or G.711 bytes)
     * @throws IllegalArgumentException if {@code data} is not a whole number of frames
     */
    public static void write(Path file, AudioFormat format, byte[] data) throws IOException {
        Files.write(file, toBytes(format, data));
    }

    /** A complete WAV file holding {@code data} in {@code format}, as bytes. */
    public static byte[] toBytes(AudioFormat format, byte[] data) {
        format.requireWholeFrames(data.length, "data");
        byte[] header = header(format, data.length);
        byte[] out = new byte[header.length + data.length + (data.length & 1)];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /** Header for {@code dataBytes} of data; {@code -1} writes the "unknown" size 0xFFFFFFFF. */
    static byte[] header(AudioFormat format, long dataBytes) {
        boolean pcm = format.encoding() == AudioFormat.Encoding.PCM16;
        int fmtSize = pcm ? 16 : 18;
        int headerSize = 12 + 8 + fmtSize + (pcm ? 0 : 12) + 8;
        ByteBuffer b = ByteBuffer.allocate(headerSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(dataBytes < 0 ? -1 : (int) (headerSize - 8 + dataBytes + (dataBytes & 1)));
        b.put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize);
        int tag = switch (format.encoding()) {
            case PCM16 -> WavInfo.PCM;
            case G711_ULAW -> WavInfo.ULAW;
            case G711_ALAW -> WavInfo.ALAW;
        };
        b.putShort((short) tag).putShort((short) format.channels()).putInt(format.sampleRate())
                .putInt(format.bytesPerSecond()).putShort((short) format.bytesPerFrame())
                .putShort((short) (format.encoding().bytesPerSample() * 8));
        if (!pcm) {
            b.putShort((short) 0);
            b.put(ascii("fact")).putInt(4).putInt(dataBytes < 0 ? 0 : (int) (dataBytes / format.bytesPerFrame()));
        }
        b.put(ascii("data")).putInt(dataBytes < 0 ? -1 : (int) dataBytes);
        return b.array();
    }

    /** Offset of the fact chunk's frame count in a header from {@link #header}, or -1 for PCM. */
    static int factOffset(AudioFormat format) {
        return format.encoding() == AudioFormat.Encoding.PCM16 ? -1 : 12 + 8 + 18 + 8;
    }

    private record Parsed(WavInfo info, int dataOffset, int blockAlign) {
    }

    private static Parsed parse(byte[] wav) throws WavFormatException {
        if (wav.length < 12) {
            throw new WavFormatException("not a RIFF file: only " + wav.length + " bytes");
        }
        String riff = id(wav, 0);
        switch (riff) {
            case "RIFF" -> { }
            case "RF64" -> throw new WavFormatException("RF64 (64-bit WAV) files are not supported");
            case "RIFX" -> throw new WavFormatException("big-endian RIFX files are not supported");
            default -> throw new WavFormatException("not a RIFF file: starts with " + printable(wav, 0));
        }
        if (!id(wav, 8).equals("WAVE")) {
            throw new WavFormatException("not a WAVE file: RIFF form type is " + printable(wav, 8));
        }
        int pos = 12;
        int[] fmt = null;
        int dataOffset = -1;
        long dataSize = -1;
        while (pos + 8 <= wav.length && (fmt == null || dataOffset < 0)) {
            String id = id(wav, pos);
            long size = u32(wav, pos + 4);
            int body = pos + 8;
            long available = wav.length - body;
            if (id.equals("data")) {
                dataOffset = body;
                if (size == 0 || size == 0xFFFFFFFFL) {
                    dataSize = available;
                } else if (size > available) {
                    throw new WavFormatException("data chunk truncated: header says " + size + " bytes, file has " + available);
                } else {
                    dataSize = size;
                }
            } else if (size > available) {
                throw new WavFormatException("'" + id.strip() + "' chunk truncated: header says " + size
                        + " bytes, file has " + available);
            } else if (id.equals("fmt ")) {
                fmt = parseFmt(wav, body, (int) size);
            }
            pos = next(wav, body, dataSize >= 0 && id.equals("data") ? dataSize : size);
        }
        if (fmt == null) {
            throw new WavFormatException(dataOffset < 0 ? "fmt chunk missing (and no data chunk)" : "fmt chunk missing");
        }
        if (dataOffset < 0) {
            throw new WavFormatException("data chunk missing");
        }
        int tag = fmt[0];
        int channels = fmt[1];
        int rate = fmt[2];
        int bits = fmt[3];
        int blockAlign = channels * (bits / 8);
        WavInfo info = new WavInfo(tag, fmt[4] == 1, rate, channels, bits, dataSize / blockAlign);
        return new Parsed(info, dataOffset, blockAlign);
    }

    /** Position of the chunk after one whose body at {@code body} is {@code size} bytes, skipping a pad byte if present. */
    private static int next(byte[] wav, int body, long size) {
        long end = body + size;
        if ((size & 1) == 0 || end >= wav.length) {
            return (int) Math.min(end, wav.length);
        }
        // Odd size: the spec adds a pad byte, but some writers omit it. Trust whichever position
        // starts a plausible chunk id.
        boolean padded = wav[(int) end] == 0 && end + 1 + 4 <= wav.length && looksLikeId(wav, (int) end + 1);
        boolean unpadded = end + 4 <= wav.length && looksLikeId(wav, (int) end);
        return (int) (padded || !unpadded ? end + 1 : end);
    }

    private static int[] parseFmt(byte[] wav, int at, int size) throws WavFormatException {
        if (size < 16) {
            throw new WavFormatException("fmt chunk too short: " + size + " bytes, need at least 16");
        }
        int tag = u16(wav, at);
        int channels = u16(wav, at + 2);
        long rate = u32(wav, at + 4);
        int bits = u16(wav, at + 14);
        int extensible = 0;
        if (tag == EXTENSIBLE) {
            if (size < 40) {
                throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size + " bytes, need 40");
            }
            tag = u16(wav, at + 24);
            extensible = 1;
        }
        if (channels == 0) {
            throw new WavFormatException("fmt chunk says 0 channels");
        }
        if (rate == 0 || rate > Integer.MAX_VALUE) {
            throw new WavFormatException("fmt chunk has an invalid sample rate " + rate);
        }
        switch (tag) {
            case WavInfo.PCM -> {
                if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                    throw new WavFormatException("unsupported PCM sample size " + bits + " bits: 8, 16, 24 or 32 are read");
                }
            }
            case WavInfo.IEEE_FLOAT -> {
                if (bits != 32 && bits != 64) {
                    throw new WavFormatException("unsupported float sample size " + bits + " bits: 32 or 64 are read");
                }
            }
            case WavInfo.ALAW, WavInfo.ULAW -> {
                if (bits != 8) {
                    throw new WavFormatException("unsupported G.711 sample size " + bits + " bits: must be 8");
                }
            }
            default -> {
                String name = KNOWN_TAGS.get(tag);
                throw new WavFormatException("unsupported format tag " + tag + (name == null ? "" : " (" + name + ")")
                        + ": PCM, IEEE float, A-law and μ-law are read");
            }
        }
        return new int[] {tag, channels, (int) rate, bits, extensible};
    }

    private static short[] decode(byte[] wav, Parsed p) {
        WavInfo info = p.info;
        int n = Math.toIntExact(info.frames() * info.channels());
        short[] out = new short[n];
        int at = p.dataOffset;
        switch (info.formatTag()) {
            case WavInfo.PCM -> {
                switch (info.bitsPerSample()) {
                    case 8 -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = (short) (((wav[at + i] & 0xFF) - 128) << 8);
                        }
                    }
                    case 16 -> {
                        for (int i = 0, j = at; i < n; i++, j += 2) {
                            out[i] = (short) ((wav[j] & 0xFF) | wav[j + 1] << 8);
                        }
                    }
                    case 24 -> {
                        for (int i = 0, j = at; i < n; i++, j += 3) {
                            int v = (wav[j] & 0xFF) | (wav[j + 1] & 0xFF) << 8 | wav[j + 2] << 16;
                            out[i] = Pcm16.clip((v + 128) >> 8);
                        }
                    }
                    default -> {
                        ByteBuffer b = ByteBuffer.wrap(wav, at, n * 4).order(ByteOrder.LITTLE_ENDIAN);
                        for (int i = 0; i < n; i++) {
                            out[i] = Pcm16.clip(((long) b.getInt() + 32768) >> 16);
                        }
                    }
                }
            }
            case WavInfo.IEEE_FLOAT -> {
                ByteBuffer b = ByteBuffer.wrap(wav, at, n * (info.bitsPerSample() / 8)).order(ByteOrder.LITTLE_ENDIAN);
                boolean single = info.bitsPerSample() == 32;
                for (int i = 0; i < n; i++) {
                    double v = single ? b.getFloat() : b.getDouble();
                    out[i] = Double.isNaN(v) ? 0 : Pcm16.clipRound(v * 32768);
                }
            }
            case WavInfo.ULAW -> {
                for (int i = 0; i < n; i++) {
                    out[i] = G711.decodeUlaw(wav[at + i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = G711.decodeAlaw(wav[at + i]);
                }
            }
        }
        return out;
    }

    private static boolean looksLikeId(byte[] b, int at) {
        for (int i = at; i < at + 4; i++) {
            if (b[i] < 0x20 || b[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static String id(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b, int at) {
        return looksLikeId(b, at) ? "'" + id(b, at) + "'" : String.format("bytes %02X %02X %02X %02X",
                b[at], b[at + 1], b[at + 2], b[at + 3]);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
