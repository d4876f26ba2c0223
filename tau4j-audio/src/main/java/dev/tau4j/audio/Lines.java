package dev.tau4j.audio;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/** Where speakers and microphones get their lines: the JVM's sound system, or a test double. */
interface Lines {

    /**
     * An unopened output line for {@code format}.
     *
     * @throws IllegalArgumentException  if no line supports the format
     * @throws LineUnavailableException if the device is busy
     */
    SourceDataLine source(javax.sound.sampled.AudioFormat format) throws LineUnavailableException;

    /** An unopened capture line for {@code format}; same failures as {@link #source}. */
    TargetDataLine target(javax.sound.sampled.AudioFormat format) throws LineUnavailableException;

    /** Names of the mixers present, for error messages. */
    List<String> mixers();

    Lines SYSTEM = new Lines() {
        @Override
        public SourceDataLine source(javax.sound.sampled.AudioFormat format) throws LineUnavailableException {
            return (SourceDataLine) AudioSystem.getLine(new DataLine.Info(SourceDataLine.class, format));
        }

        @Override
        public TargetDataLine target(javax.sound.sampled.AudioFormat format) throws LineUnavailableException {
            return (TargetDataLine) AudioSystem.getLine(new DataLine.Info(TargetDataLine.class, format));
        }

        @Override
        public List<String> mixers() {
            List<String> names = new ArrayList<>();
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                names.add(info.getName() + " (" + info.getDescription() + ")");
            }
            return names;
        }
    };

    static javax.sound.sampled.AudioFormat pcm16(int rate, int channels) {
        return new javax.sound.sampled.AudioFormat(rate, 16, channels, true, false);
    }

    static String describe(int rate, int channels) {
        return "PCM16 " + rate + " Hz " + (channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels");
    }
}
