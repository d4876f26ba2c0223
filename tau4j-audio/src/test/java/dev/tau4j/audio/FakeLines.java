package dev.tau4j.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/** Line doubles: a "device" whose playback and capture the test drives by hand. */
final class FakeLines implements Lines {

    final Predicate<AudioFormat> supported;
    final List<FakeSource> sources = new ArrayList<>();
    final List<FakeTarget> targets = new ArrayList<>();

    FakeLines(Predicate<AudioFormat> supported) {
        this.supported = supported;
    }

    @Override
    public synchronized SourceDataLine source(AudioFormat format) {
        check(format);
        FakeSource line = new FakeSource();
        sources.add(line);
        return line;
    }

    @Override
    public synchronized TargetDataLine target(AudioFormat format) {
        check(format);
        FakeTarget line = new FakeTarget();
        targets.add(line);
        return line;
    }

    @Override
    public List<String> mixers() {
        return List.of("Fake Mixer (test double)");
    }

    private void check(AudioFormat format) {
        if (!supported.test(format)) {
            throw new IllegalArgumentException("Line matching interface SourceDataLine supporting format " + format
                    + " is not supported.");
        }
    }

    abstract static class FakeLine implements DataLine {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        /** Bytes buffered in the line; guarded by lock. */
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        AudioFormat format;
        int bufferSize;
        boolean open;
        boolean running;
        long framePosition;

        public void open(AudioFormat f, int size) throws LineUnavailableException {
            format = f;
            bufferSize = size;
            open = true;
        }

        public void open(AudioFormat f) throws LineUnavailableException {
            open(f, f.getFrameSize() * (int) f.getSampleRate() / 2);
        }

        @Override
        public void open() throws LineUnavailableException {
            throw new LineUnavailableException("format required");
        }

        @Override
        public void drain() {
            throw new UnsupportedOperationException("blocking drain is not used");
        }

        @Override
        public void flush() {
            lock.lock();
            try {
                buffer.reset();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isActive() {
            return running;
        }

        @Override
        public AudioFormat getFormat() {
            return format;
        }

        @Override
        public int getBufferSize() {
            return bufferSize;
        }

        @Override
        public int getFramePosition() {
            return (int) getLongFramePosition();
        }

        @Override
        public long getLongFramePosition() {
            lock.lock();
            try {
                return framePosition;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long getMicrosecondPosition() {
            return (long) (getLongFramePosition() * 1e6 / format.getSampleRate());
        }

        @Override
        public float getLevel() {
            return AudioSystemLevel.UNKNOWN;
        }

        @Override
        public javax.sound.sampled.Line.Info getLineInfo() {
            return new javax.sound.sampled.Line.Info(getClass());
        }

        @Override
        public void close() {
            lock.lock();
            try {
                open = false;
                running = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public Control[] getControls() {
            return new Control[0];
        }

        @Override
        public boolean isControlSupported(Control.Type control) {
            return false;
        }

        @Override
        public Control getControl(Control.Type control) {
            throw new IllegalArgumentException("no controls");
        }

        @Override
        public void addLineListener(LineListener listener) {
        }

        @Override
        public void removeLineListener(LineListener listener) {
        }
    }

    static final class AudioSystemLevel {
        static final float UNKNOWN = javax.sound.sampled.AudioSystem.NOT_SPECIFIED;
    }

    /** Output double: write() blocks while the buffer is full; {@link #play} renders frames. */
    static final class FakeSource extends FakeLine implements SourceDataLine {
        final ByteArrayOutputStream played = new ByteArrayOutputStream();

        @Override
        public int write(byte[] b, int off, int len) {
            lock.lock();
            try {
                int written = 0;
                while (written < len) {
                    while (open && buffer.size() >= bufferSize) {
                        changed.awaitUninterruptibly();
                    }
                    if (!open) {
                        break;
                    }
                    int n = Math.min(len - written, bufferSize - buffer.size());
                    buffer.write(b, off + written, n);
                    written += n;
                    changed.signalAll();
                }
                return written;
            } finally {
                lock.unlock();
            }
        }

        /** Plays up to {@code frames} buffered frames, as the device would; returns how many. */
        int play(int frames) {
            lock.lock();
            try {
                byte[] all = buffer.toByteArray();
                int n = (int) Math.min(all.length, (long) frames * format.getFrameSize());
                played.write(all, 0, n);
                buffer.reset();
                buffer.write(all, n, all.length - n);
                framePosition += n / format.getFrameSize();
                changed.signalAll();
                return n / format.getFrameSize();
            } finally {
                lock.unlock();
            }
        }

        int buffered() {
            lock.lock();
            try {
                return buffer.size();
            } finally {
                lock.unlock();
            }
        }

        /** Waits until the buffer holds at least {@code bytes}. */
        void awaitBuffered(int bytes) throws InterruptedException {
            lock.lock();
            try {
                while (buffer.size() < bytes) {
                    changed.await();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return bufferSize - buffer.size();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Capture double: read() blocks until the test has {@link #capture captured} enough bytes or the line closes. */
    static final class FakeTarget extends FakeLine implements TargetDataLine {

        void capture(byte[] data) {
            lock.lock();
            try {
                buffer.writeBytes(data);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            lock.lock();
            try {
                while (open && buffer.size() < len) {
                    changed.awaitUninterruptibly();
                }
                byte[] all = buffer.toByteArray();
                int n = Math.min(len, all.length);
                System.arraycopy(all, 0, b, off, n);
                buffer.reset();
                buffer.write(all, n, all.length - n);
                framePosition += n / format.getFrameSize();
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return buffer.size();
            } finally {
                lock.unlock();
            }
        }
    }
}
