package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.ResponseOrigin;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UsageLedgerTest {

    private static final Usage CAPTURED = new Usage(59, 73, 0, 0, 64, 0, 41, 147); // 0.0106136 USD on gpt-realtime

    @Test
    void countsEveryOriginOnceAndSumsEstimates() {
        UsageLedger ledger = new UsageLedger(PriceTable.bundled());
        assertThat(ledger.record("resp_1", ResponseOrigin.REQUESTED, "gpt-realtime", CAPTURED, "completed")).isNotNull();
        assertThat(ledger.record("resp_2", ResponseOrigin.SERVER_STARTED, "gpt-realtime", CAPTURED, "cancelled")).isNotNull();
        assertThat(ledger.record("resp_3", ResponseOrigin.OUT_OF_BAND, "gpt-realtime", CAPTURED, "completed")).isNotNull();
        // The same response.done seen again (e.g. replayed after a reconnect) is not counted twice.
        assertThat(ledger.record("resp_2", ResponseOrigin.SERVER_STARTED, "gpt-realtime", CAPTURED, "cancelled")).isNull();

        assertThat(ledger.responseCount()).isEqualTo(3);
        assertThat(ledger.totalUsage()).isEqualTo(CAPTURED.plus(CAPTURED).plus(CAPTURED));
        // 3 × 0.0106136 = 0.0318408
        assertThat(ledger.totalEstimate().knownUsd()).isEqualByComparingTo("0.0318408");
        assertThat(ledger.totalEstimate().isComplete()).isTrue();
        assertThat(ledger.entries()).extracting(ResponseUsage::origin).containsExactly(
                ResponseOrigin.REQUESTED, ResponseOrigin.SERVER_STARTED, ResponseOrigin.OUT_OF_BAND);
    }

    @Test
    void unknownCostsAreCountedAsUnknownNotAsZero() {
        UsageLedger ledger = new UsageLedger(PriceTable.bundled());
        ledger.record("resp_1", ResponseOrigin.REQUESTED, "gpt-realtime", CAPTURED, "completed");
        ledger.record("resp_2", ResponseOrigin.REQUESTED, "some-new-model", CAPTURED, "completed");
        CostTotal total = ledger.totalEstimate();
        assertThat(total.isComplete()).isFalse();
        assertThat(total.unknownParts()).isEqualTo(1);
        assertThat(total.knownParts()).isEqualTo(1);
        assertThat(total.knownUsd()).isEqualByComparingTo("0.0106136");
        assertThat(ledger.totalUsage()).isEqualTo(CAPTURED.plus(CAPTURED));
    }

    @Test
    void transcriptionAndConnectionTimeAreBilledSeparately() {
        UsageLedger ledger = new UsageLedger(PriceTable.bundled());
        // 13 × 3 + 9 × 5 = 84 → 0.000084
        TranscriptionEntry t = ledger.recordTranscription("item_1", "gpt-4o-mini-transcribe", TranscriptionUsage.ofTokens(0, 13, 9));
        assertThat(t.estimate().totalUsd()).isEqualByComparingTo("0.000084");
        // 1.5 min × 0.006 = 0.009
        ledger.recordTranscription("item_2", "whisper-1", TranscriptionUsage.ofSeconds(90));
        // 2 min × 0.05 = 0.1 (xAI per-minute), and 1 min on a token model costs nothing here
        ledger.recordConnectedTime("grok-voice-fast-1.0", Duration.ofMinutes(2));
        ledger.recordConnectedTime("gpt-realtime", Duration.ofMinutes(1));
        assertThat(ledger.transcriptionTokens()).isEqualTo(22);
        assertThat(ledger.connectedTime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(ledger.transcriptionEstimate().knownUsd()).isEqualByComparingTo("0.009084");
        // 0.000084 + 0.009 + 0.1 = 0.109084
        assertThat(ledger.totalEstimate().knownUsd()).isEqualByComparingTo("0.109084");
        assertThat(ledger.totalEstimate().isComplete()).isTrue();
        assertThat(ledger.transcriptionEntries()).extracting(TranscriptionEntry::itemId).containsExactly("item_1", "item_2");
    }

    @Test
    void boundedEntriesKeepTotalsExact() {
        UsageLedger ledger = new UsageLedger(PriceTable.bundled(), 3);
        for (int i = 0; i < 10; i++) {
            ledger.record("resp_" + i, ResponseOrigin.REQUESTED, "gpt-realtime", CAPTURED, "completed");
        }
        assertThat(ledger.entries()).extracting(ResponseUsage::responseId).containsExactly("resp_7", "resp_8", "resp_9");
        assertThat(ledger.droppedEntries()).isEqualTo(7);
        assertThat(ledger.responseCount()).isEqualTo(10);
        // 10 × 0.0106136
        assertThat(ledger.totalEstimate().knownUsd()).isEqualByComparingTo("0.106136");
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        UsageLedger ledger = new UsageLedger(PriceTable.bundled(), 100);
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    ledger.record("resp_" + thread + "_" + i, ResponseOrigin.SERVER_STARTED, "gpt-realtime", CAPTURED, "completed");
                    ledger.recordTranscription("item_" + thread + "_" + i, "whisper-1", TranscriptionUsage.ofSeconds(60));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        long n = (long) threads * perThread;
        assertThat(ledger.responseCount()).isEqualTo(n);
        assertThat(ledger.totalUsage().totalTokens()).isEqualTo(n * CAPTURED.totalTokens());
        // 4000 × (0.0106136 + 0.006) = 4000 × 0.0166136 = 66.4544
        assertThat(ledger.totalEstimate().knownUsd()).isEqualByComparingTo("66.4544");
        assertThat(ledger.entries()).hasSize(100);
        assertThat(ledger.droppedEntries()).isEqualTo(2 * (n - 100));
    }
}
