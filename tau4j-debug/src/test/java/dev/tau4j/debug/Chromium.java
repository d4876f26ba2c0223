package dev.tau4j.debug;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium with a fake microphone fed from a WAV file, driven over the DevTools
 * protocol ({@link Cdp}). Each instance has its own fresh profile and is killed on close.
 */
final class Chromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium");

    private final Process process;
    private final Cdp cdp;
    /** The last lines of Chromium's stderr, for failure messages. Guarded by itself. */
    private final Deque<String> log = new ArrayDeque<>();

    /** The Chromium binary: {@code -Dtau4j.chromium=…}, {@code $CHROMIUM}, or a usual location. */
    static Optional<Path> find() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("tau4j.chromium", System.getenv("CHROMIUM"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(CANDIDATES);
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private Chromium(Path binary, Path profile, Path microphoneWav) throws Exception {
        Files.createDirectories(profile);
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1440,900",
                "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"));
        if (microphoneWav != null) {
            command.add("--use-file-for-fake-audio-capture=" + microphoneWav);
        }
        command.add("about:blank");
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<URI> devtools = new CompletableFuture<>();
        Thread.ofVirtual().name("chromium-stderr").start(() -> readStderr(devtools));
        URI browser;
        try {
            browser = devtools.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not open DevTools within 30 s: " + stderr());
        }
        cdp = new Cdp(browser);
    }

    /**
     * Starts Chromium with a fresh profile under {@code profile} and the microphone playing
     * {@code microphoneWav} in a loop (null: Chromium's fake beep).
     */
    static Chromium launch(Path binary, Path profile, Path microphoneWav) throws Exception {
        return new Chromium(binary, profile, microphoneWav);
    }

    private void readStderr(CompletableFuture<URI> devtools) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                Matcher m = DEVTOOLS.matcher(line);
                if (m.find()) {
                    devtools.complete(URI.create(m.group(1)));
                }
                synchronized (log) {
                    log.addLast(line);
                    if (log.size() > 50) {
                        log.removeFirst();
                    }
                }
            }
            devtools.completeExceptionally(new IllegalStateException("Chromium exited: " + stderr()));
        } catch (IOException e) {
            devtools.completeExceptionally(e);
        }
    }

    Cdp cdp() {
        return cdp;
    }

    String stderr() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    @Override
    public void close() {
        if (cdp != null) {
            cdp.close();
        }
        // Its helpers (renderer, GPU, crashpad) write to the profile too: end them all before the profile is deleted.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                try {
                    helper.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    helper.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
