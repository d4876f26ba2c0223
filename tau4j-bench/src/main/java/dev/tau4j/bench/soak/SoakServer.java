package dev.tau4j.bench.soak;

import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimulatedSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The simulator for {@link RecoverySoak}, in its own JVM so that the server's growing conversation
 * stays out of the client's heap. Prints {@code url ws://…} on stdout, then reads commands on stdin,
 * one per line, each answered by one line:
 * <ul>
 * <li>{@code drop K}: drop the TCP connection of the live session after its K-th output audio delta;</li>
 * <li>{@code close K}: close it with 1011 after the K-th delta.</li>
 * </ul>
 * The answer is {@code armed sess_…}, or {@code none} when no session is open. End of input stops
 * the simulator, so the server never outlives the harness.
 * Usage: {@code SoakServer <speed-up> <session expiry ms>}.
 */
public final class SoakServer {
    private SoakServer() {}

    public static void main(String[] args) throws Exception {
        double speed = Double.parseDouble(args[0]);
        Duration expiry = Duration.ofMillis(Long.parseLong(args[1]));
        try (RealtimeSimulator sim = RealtimeSimulator.builder().pace(Pace.realtime(speed)).sessionExpiry(expiry)
                .start()) {
            // The simulator records every client event for tests to take; nobody takes them here.
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        sim.takeClientEvent(Duration.ofDays(1));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            System.out.println("url " + sim.url());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] cmd = line.trim().split("\\s+");
                int k = Integer.parseInt(cmd[1]);
                Fault fault = switch (cmd[0]) {
                    case "drop" -> Fault.drop().afterAudioDeltas(k);
                    case "close" -> Fault.close(1011, "keepalive ping timeout").afterAudioDeltas(k);
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                };
                SimulatedSession live = live(sim.sessions());
                if (live != null) {
                    live.inject(fault);
                }
                System.out.println(live == null ? "none" : "armed " + live.id());
                System.out.flush();
            }
        }
    }

    private static SimulatedSession live(List<SimulatedSession> sessions) {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            if (sessions.get(i).isOpen()) {
                return sessions.get(i);
            }
        }
        return null;
    }
}
