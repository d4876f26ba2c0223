package dev.tau4j.internal.transport;

import java.nio.charset.StandardCharsets;

/**
 * RFC 6455 server-to-client frames, parsed from a {@link WebSocketConnection}'s buffer by whichever
 * thread reads it: {@link #parse} (the reader: every frame) and {@link #pingsOnly} (the loop: pings
 * and pongs, nothing else). Stateless; the state is the connection's.
 */
final class FrameParser {

    private FrameParser() {
    }

    /**
     * Parses and handles the next frame in {@code c}'s buffer: 1 when one was handled, 0 when the
     * buffer holds no complete frame (nothing consumed; more bytes are needed), -1 when the peer's
     * close frame was handled (the connection has ended).
     *
     * @throws Failure on a protocol violation by the peer
     */
    static int parse(WebSocketConnection c) {
        ReadBuffer in = c.in();
        if (in.inLargeFrame()) {
            byte[] whole = in.fillLargeFrame();
            return whole == null ? 0 : handle(c, in.largeFrameOpcode(), in.largeFrameFin(), whole, 0, whole.length);
        }
        byte[] buf = in.buf();
        int pos = in.pos();
        int avail = in.available();
        if (avail < 2) {
            in.want(2);
            return 0;
        }
        int b0 = buf[pos] & 0xFF;
        int b1 = buf[pos + 1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw new Failure(1002, "frame with reserved bits set (no extension was negotiated)");
        }
        if ((b1 & 0x80) != 0) {
            throw new Failure(1002, "the server masked a frame");
        }
        long length = b1 & 0x7F;
        int header = 2;
        if (length == 126) {
            if (avail < 4) {
                in.want(4);
                return 0;
            }
            length = ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            header = 4;
        } else if (length == 127) {
            if (avail < 10) {
                in.want(10);
                return 0;
            }
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (buf[pos + i] & 0xFF);
            }
            if (length < 0) {
                throw new Failure(1002, "frame length has its top bit set");
            }
            header = 10;
        }
        int messageOpcode = in.messageOpcode();
        if (opcode >= 8) {
            if (!fin || length > 125) {
                throw new Failure(1002, "control frame fragmented or longer than 125 bytes");
            }
        } else if (opcode == Frames.CONTINUATION ? messageOpcode < 0 : messageOpcode >= 0) {
            throw new Failure(1002, opcode == Frames.CONTINUATION ? "continuation frame outside a message"
                    : "new message inside a fragmented one");
        } else if (opcode != Frames.CONTINUATION && opcode != Frames.TEXT && opcode != Frames.BINARY) {
            throw new Failure(1002, "unknown opcode " + opcode);
        }
        long total = opcode == Frames.CONTINUATION ? in.messageLength() + length : length;
        if (opcode < 8 && total > in.maxMessageBytes()) {
            throw new Failure(1009, "message of " + total + " bytes or more exceeds the limit of "
                    + in.maxMessageBytes() + " bytes");
        }
        int n = (int) length;
        if (n > ReadBuffer.IN_PLACE) {
            in.consume(header);
            in.want(0);
            in.startLargeFrame(opcode, fin, n);
            return parse(c);
        }
        if (avail < header + n) {
            in.want(header + n);
            return 0;
        }
        in.want(0);
        in.consume(header + n);
        return handle(c, opcode, fin, buf, pos + header, n);
    }

    private static int handle(WebSocketConnection c, int opcode, boolean fin, byte[] data, int offset, int n) {
        ReadBuffer in = c.in();
        switch (opcode) {
            case Frames.TEXT, Frames.BINARY -> {
                if (fin) {
                    deliver(c, opcode, data, offset, n);
                } else {
                    in.startMessage(opcode);
                    in.append(data, offset, n);
                }
            }
            case Frames.CONTINUATION -> {
                in.append(data, offset, n);
                if (fin) {
                    int whole = in.messageOpcode();
                    int length = in.messageLength();
                    deliver(c, whole, in.finishMessage(), 0, length);
                }
            }
            case Frames.PING -> {
                c.pong(data, offset, n);
                c.handler().onPing();
            }
            case Frames.PONG -> c.handler().onPong();
            default -> {
                closeReceived(c, data, offset, n);
                return -1;
            }
        }
        return 1;
    }

    private static void deliver(WebSocketConnection c, int opcode, byte[] data, int offset, int n) {
        if (opcode == Frames.BINARY) {
            c.handler().onBinary(data, offset, n);
            return;
        }
        if (!Frames.isUtf8(data, offset, n)) {
            throw new Failure(1007, "text message is not valid UTF-8");
        }
        c.handler().onText(data, offset, n);
    }

    private static void closeReceived(WebSocketConnection c, byte[] data, int offset, int n) {
        int code = 1005;
        String reason = "";
        if (n == 1) {
            throw new Failure(1002, "close frame with a 1-byte payload");
        }
        if (n >= 2) {
            code = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
            if (!validCloseCode(code)) {
                throw new Failure(1002, "invalid close code " + code);
            }
            if (!Frames.isUtf8(data, offset + 2, n - 2)) {
                throw new Failure(1007, "close reason is not valid UTF-8");
            }
            reason = new String(data, offset + 2, n - 2, StandardCharsets.UTF_8);
        }
        c.closeReceived(code, reason);
    }

    private static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * The loop's share of parsing: answers the complete pings and reports the pongs at the front of
     * the buffer, and waits for the rest of a partial frame that will fit. Returns false when the
     * reader must take over: a complete message frame, a close, a large frame, anything irregular.
     */
    static boolean pingsOnly(WebSocketConnection c) {
        ReadBuffer in = c.in();
        while (true) {
            byte[] buf = in.buf();
            int pos = in.pos();
            int avail = in.available();
            if (avail < 2) {
                in.want(avail == 0 ? 0 : 2);
                return true;
            }
            int b0 = buf[pos] & 0xFF;
            int b1 = buf[pos + 1] & 0xFF;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                return false;   // the reader reports the violation
            }
            long size;
            int len7 = b1 & 0x7F;
            if (len7 < 126) {
                size = 2 + len7;
            } else if (len7 == 126) {
                if (avail < 4) {
                    in.want(4);
                    return true;
                }
                size = 4 + (((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF));
            } else {
                return false;   // a large frame: the reader's from its first bytes
            }
            boolean complete = avail >= size;
            if (complete && len7 < 126 && (b0 == 0x89 || b0 == 0x8A)) {
                in.consume((int) size);
                in.want(0);
                if (b0 == 0x89) {
                    c.pong(buf, pos + 2, len7);
                    c.handler().onPing();
                } else {
                    c.handler().onPong();
                }
                continue;
            }
            if (complete || size > ReadBuffer.IN_PLACE) {
                return false;
            }
            in.want((int) size);
            return true;
        }
    }

    /** A protocol violation by the peer: this side closes with {@code code}. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
