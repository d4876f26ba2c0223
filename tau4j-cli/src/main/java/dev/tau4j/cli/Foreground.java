package dev.tau4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server command in the foreground until Ctrl-C or SIGTERM. The shutdown hook opens the
 * stop latch and waits (up to 5 s) for the server to close, so that what it cleans up on close
 * (ports, token files) is gone before the JVM exits.
 */
final class Foreground {

    /** Serves until {@code stop} opens; closes what it opened before returning. */
    @FunctionalInterface
    interface Server {
        void serve(CountDownLatch stop) throws InterruptedException;
    }

    private Foreground() {
    }

    static void run(String name, Server server) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.serve(stop);
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook has run
            }
        }
    }
}
