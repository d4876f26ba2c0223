package dev.tau4j.cost;

import dev.tau4j.ResponseOrigin;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The usage and estimated cost of one logical session, across reconnects: every
 * {@code response.done} (whoever started the response: the application, an out-of-band request
 * or server VAD), every input transcription, and connected time of per-minute models.
 *
 * <p>Totals are exact however long the session runs. The entry lists keep only the most recent
 * {@code maxEntries} of each kind (default {@value #DEFAULT_MAX_ENTRIES}) so that memory stays
 * bounded; {@link #droppedEntries()} says how many were let go.
 *
 * <p>A response id is counted once: recording the same id again (e.g. a {@code response.done}
 * replayed after a reconnect) is ignored while that id is among the last {@code maxEntries}
 * response ids.
 *
 * <p>Thread-safe: all methods may be called from any thread; each call is atomic.
 */
public final class UsageLedger {

    /** Default cap on retained entries per list. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final PriceTable prices;
    private final int maxEntries;
    private final Object lock = new Object();

    // All guarded by lock. The deques hold at most maxEntries entries, oldest first;
    // recentIds holds exactly the ids in idWindow, the last max(maxEntries, 1) recorded response ids.
    private final ArrayDeque<ResponseUsage> responses = new ArrayDeque<>();
    private final ArrayDeque<TranscriptionEntry> transcriptions = new ArrayDeque<>();
    private final ArrayDeque<String> idWindow = new ArrayDeque<>();
    private final Set<String> recentIds = new HashSet<>();
    private Usage totalUsage = Usage.ZERO;
    private long transcriptionTokens;
    private Duration connectedTime = Duration.ZERO;
    private CostTotal responseCost = CostTotal.ZERO;
    private CostTotal transcriptionCost = CostTotal.ZERO;
    private CostTotal connectionCost = CostTotal.ZERO;
    private long responseCount;
    private long droppedEntries;

    /** A ledger pricing with {@code prices}, keeping at most {@value #DEFAULT_MAX_ENTRIES} entries per list. */
    public UsageLedger(PriceTable prices) {
        this(prices, DEFAULT_MAX_ENTRIES);
    }

    /**
     * A ledger pricing with {@code prices}, keeping at most {@code maxEntries} response entries and
     * {@code maxEntries} transcription entries (0 keeps none; totals stay exact).
     */
    public UsageLedger(PriceTable prices, int maxEntries) {
        this.prices = Objects.requireNonNull(prices, "prices");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The price table used by the convenience {@code record…} methods. */
    public PriceTable prices() {
        return prices;
    }

    /**
     * Records one response's usage.
     *
     * @return {@code false} when the response id was already recorded (nothing changes)
     */
    public boolean record(ResponseUsage entry) {
        Objects.requireNonNull(entry, "entry");
        synchronized (lock) {
            if (!recentIds.add(entry.responseId())) {
                return false;
            }
            idWindow.addLast(entry.responseId());
            if (idWindow.size() > Math.max(maxEntries, 1)) {
                recentIds.remove(idWindow.removeFirst());
            }
            totalUsage = totalUsage.plus(entry.usage());
            responseCost = responseCost.plus(entry.estimate());
            responseCount++;
            retain(responses, entry);
            return true;
        }
    }

    /**
     * Records one response's usage, estimating it with this ledger's price table.
     *
     * @return the entry, or {@code null} when the response id was already recorded
     */
    public ResponseUsage record(String responseId, ResponseOrigin origin, String model, Usage usage, String status) {
        ResponseUsage entry = ResponseUsage.of(responseId, origin, model, usage, status, prices);
        return record(entry) ? entry : null;
    }

    /** Records one input transcription, estimated with this ledger's price table. */
    public TranscriptionEntry recordTranscription(String itemId, String model, TranscriptionUsage usage) {
        TranscriptionEntry entry = new TranscriptionEntry(itemId, model, usage,
                prices.estimateTranscription(model, usage));
        synchronized (lock) {
            transcriptionTokens += entry.tokens();
            transcriptionCost = transcriptionCost.plus(entry.estimate());
            retain(transcriptions, entry);
        }
        return entry;
    }

    /**
     * Records connected time (a delta, e.g. one connection's duration on close). Priced only for
     * per-minute models; for token-billed models it is kept as a total and costs nothing here.
     *
     * @return the estimate of this delta (unknown for a model the table does not price per minute)
     */
    public CostEstimate recordConnectedTime(String model, Duration delta) {
        CostEstimate estimate = prices.estimateConnection(model, delta);
        boolean perMinute = prices.find(model).flatMap(ModelPrice::perMinute).isPresent();
        synchronized (lock) {
            connectedTime = connectedTime.plus(delta);
            if (perMinute) {
                connectionCost = connectionCost.plus(estimate);
            }
        }
        return estimate;
    }

    private <T> void retain(ArrayDeque<T> list, T entry) {
        if (maxEntries == 0) {
            droppedEntries++;
            return;
        }
        list.addLast(entry);
        if (list.size() > maxEntries) {
            list.removeFirst();
            droppedEntries++;
        }
    }

    /** The sum of every recorded response's usage (transcription usage excluded). */
    public Usage totalUsage() {
        synchronized (lock) {
            return totalUsage;
        }
    }

    /** Tokens of every recorded transcription (input + output). */
    public long transcriptionTokens() {
        synchronized (lock) {
            return transcriptionTokens;
        }
    }

    /** All connected time recorded. */
    public Duration connectedTime() {
        synchronized (lock) {
            return connectedTime;
        }
    }

    /** How many responses were recorded (duplicates excluded). */
    public long responseCount() {
        synchronized (lock) {
            return responseCount;
        }
    }

    /**
     * The estimated cost of everything recorded: responses, transcriptions and per-minute
     * connection time. {@link CostTotal#isComplete()} is false when any part was "cost unknown".
     */
    public CostTotal totalEstimate() {
        synchronized (lock) {
            return new CostTotal(
                    responseCost.knownUsd().add(transcriptionCost.knownUsd()).add(connectionCost.knownUsd()),
                    responseCost.knownParts() + transcriptionCost.knownParts() + connectionCost.knownParts(),
                    responseCost.unknownParts() + transcriptionCost.unknownParts() + connectionCost.unknownParts());
        }
    }

    /** The estimated cost of responses only. */
    public CostTotal responseEstimate() {
        synchronized (lock) {
            return responseCost;
        }
    }

    /** The estimated cost of transcriptions only. */
    public CostTotal transcriptionEstimate() {
        synchronized (lock) {
            return transcriptionCost;
        }
    }

    /** A snapshot of the retained response entries, oldest first. */
    public List<ResponseUsage> entries() {
        synchronized (lock) {
            return List.copyOf(responses);
        }
    }

    /** A snapshot of the retained transcription entries, oldest first. */
    public List<TranscriptionEntry> transcriptionEntries() {
        synchronized (lock) {
            return List.copyOf(transcriptions);
        }
    }

    /** How many entries were dropped from the retained lists to bound memory (totals still include them). */
    public long droppedEntries() {
        synchronized (lock) {
            return droppedEntries;
        }
    }
}
