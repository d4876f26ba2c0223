package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ContextTrackerTest {

    private static Usage turn(long inputAudio, long outputAudio) {
        return new Usage(0, inputAudio, 0, 0, 0, 0, 0, outputAudio);
    }

    @Test
    void eachTurnRebillsThePreviousInputAndOutput() {
        ContextTracker tracker = new ContextTracker();
        TurnContext t1 = tracker.onTurn(turn(100, 50));
        assertThat(t1.rebilledTokens()).isZero();
        assertThat(t1.freshInputTokens()).isEqualTo(100);
        // Turn 2: carried = 100 + 50 = 150; input 250 → 150 re-billed, 100 fresh.
        TurnContext t2 = tracker.onTurn(turn(250, 50));
        assertThat(t2.rebilledTokens()).isEqualTo(150);
        assertThat(t2.freshInputTokens()).isEqualTo(100);
        // Turn 3: carried = 250 + 50 = 300; input 400 → 300 re-billed.
        TurnContext t3 = tracker.onTurn(turn(400, 50));
        assertThat(t3.rebilledTokens()).isEqualTo(300);
        // Cumulative: input 750, re-billed 450, fresh 300 → amplification 2.5.
        assertThat(t3.cumulativeInputTokens()).isEqualTo(750);
        assertThat(t3.amplification()).isEqualTo(2.5);
        assertThat(tracker.amplification()).isEqualTo(2.5);
    }

    @Test
    void rebilledIsCappedAtTheTurnsInputAndReducedByDeletions() {
        ContextTracker tracker = new ContextTracker();
        tracker.onTurn(turn(1000, 200));
        // The server truncated: input 500 < carried 1200 → all 500 counted as re-billed.
        assertThat(tracker.onTurn(turn(500, 100)).rebilledTokens()).isEqualTo(500);
        // 550 tokens deleted: carried = 500 + 100 − 550 = 50.
        tracker.onContextReduced(550);
        assertThat(tracker.onTurn(turn(300, 0)).rebilledTokens()).isEqualTo(50);
        // After a reconnect to a fresh conversation nothing is carried.
        tracker.reset();
        assertThat(tracker.onTurn(turn(300, 0)).rebilledTokens()).isZero();
    }

    @Test
    void warnsWhenCrossingTheThresholdAndReArmsBelowIt() {
        List<TurnContext> warnings = new ArrayList<>();
        ContextTracker tracker = new ContextTracker(1000, warnings::add);
        tracker.onTurn(turn(600, 300));          // turn 1: 0 re-billed
        tracker.onTurn(turn(1100, 100));         // turn 2: 900 re-billed
        TurnContext t3 = tracker.onTurn(turn(1500, 100)); // turn 3: 1200 re-billed → crosses
        TurnContext t4 = tracker.onTurn(turn(1800, 100)); // turn 4: 1600, still above: no repeat
        assertThat(t3.crossedThreshold()).isTrue();
        assertThat(t4.crossedThreshold()).isFalse();
        tracker.onContextReduced(1500);          // pruned: carried 1900 − 1500 = 400
        assertThat(tracker.onTurn(turn(500, 100)).rebilledTokens()).isEqualTo(400);
        TurnContext t6 = tracker.onTurn(turn(1200, 0)); // 600 carried... below
        assertThat(t6.crossedThreshold()).isFalse();
        TurnContext t7 = tracker.onTurn(turn(2400, 0)); // 1200 carried → crosses again
        assertThat(t7.crossedThreshold()).isTrue();
        assertThat(warnings).containsExactly(t3, t7);
    }
}
