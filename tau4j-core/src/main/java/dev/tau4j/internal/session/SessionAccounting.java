package dev.tau4j.internal.session;

import dev.tau4j.Session;
import dev.tau4j.internal.Threads;

import dev.tau4j.ResponseOrigin;
import dev.tau4j.ServerErrorException;
import dev.tau4j.SessionOptions;
import dev.tau4j.SessionState;
import dev.tau4j.TauOptions;

import dev.tau4j.cost.BudgetExceeded;
import dev.tau4j.cost.BudgetListener;
import dev.tau4j.cost.BudgetMonitor;
import dev.tau4j.cost.BudgetWarning;
import dev.tau4j.cost.ContextItem;
import dev.tau4j.cost.ContextTracker;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.ModelPrice;
import dev.tau4j.cost.ResponseUsage;
import dev.tau4j.cost.TranscriptionEntry;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.cost.UsageLedger;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.InputAudioTranscriptionCompleted;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.codec.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a session costs, and what it does about it: the usage ledger, the budget, the context
 * re-billing report and the pruning policy. Fed by the session's reader; thread-safe where the
 * session's user threads reach it (requests and close).
 */
final class SessionAccounting {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    /** A response as charged: its estimate and, when it read the conversation, its turn context. */
    record Charge(CostEstimate estimate, TurnContext turn) {
    }

    /** One conversation item as seen from here, with a token estimate (for pruning). */
    private record MirrorItem(long tokens, boolean pinned) {
    }

    private final SessionCore core;
    private final Session session;
    private final TauOptions options;
    private final SessionOptions sessionOptions;
    private final UsageLedger ledger;
    private final ContextTracker context;
    /** Null when the options set no budget. */
    private final BudgetMonitor budget;
    /** The conversation in order; guarded by its own lock (a synchronized map). */
    private final Map<String, MirrorItem> mirror = Collections.synchronizedMap(new LinkedHashMap<>());
    /** When connected time was last counted; 0 until the session opened. Guarded by this. */
    private long connectedSinceNanos;

    SessionAccounting(SessionCore core, TauOptions options, SessionOptions sessionOptions) {
        this.core = core;
        this.session = core.session;
        this.options = options;
        this.sessionOptions = sessionOptions;
        this.ledger = new UsageLedger(options.priceTable());
        this.context = options.contextWarnTokens() == null ? new ContextTracker()
                : new ContextTracker(options.contextWarnTokens(),
                        turn -> core.dispatch(l -> l.onContextWarning(session, turn)));
        this.budget = options.budget() == null ? null : new BudgetMonitor(options.budget(), new BudgetListener() {
            @Override
            public void onWarning(BudgetWarning warning) {
                core.dispatch(l -> l.onBudget(session, warning));
            }

            @Override
            public void onExceeded(BudgetExceeded exceeded) {
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name() + ": " + exceeded.describe());
                core.dispatch(l -> l.onBudget(session, exceeded));
            }
        });
    }

    UsageLedger ledger() {
        return ledger;
    }

    Optional<BudgetMonitor> budget() {
        return Optional.ofNullable(budget);
    }

    /** The session is open: connected time starts counting, and a time cap is watched. */
    synchronized void opened() {
        connectedSinceNanos = System.nanoTime();
        if (budget == null || budget.budget().maxConnectedTime() == null) {
            return;
        }
        // A connected-time cap holds even when no response ends: check at the warning point and at the cap.
        Duration cap = budget.budget().maxConnectedTime();
        for (double fraction : new double[] {budget.budget().warnAt(), 1.0}) {
            long millis = (long) Math.ceil(cap.toMillis() * fraction) + 1;
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, Threads.VIRTUAL).execute(() -> {
                if (session.state() == SessionState.OPEN) {
                    countConnectedTime();
                }
            });
        }
    }

    /** Before a response is requested: throws {@link dev.tau4j.cost.BudgetExceededException} past a cap. */
    void beforeResponse() {
        if (budget != null) {
            countConnectedTime();
            budget.checkBeforeResponse();
        }
    }

    /** The connection was lost: connected time stops counting until {@link #reconnected()}. */
    synchronized void connectionLost() {
        countConnectedTime();
        connectedSinceNanos = 0;
    }

    /** A new connection took over: connected time counts again. */
    synchronized void reconnected() {
        connectedSinceNanos = System.nanoTime();
    }

    /** Before the session closes: the last stretch of connected time. */
    void beforeClose() {
        countConnectedTime();
    }

    /** Records a finished response of {@code origin}; returns its estimate and turn context. */
    Charge onResponseDone(ResponseDone done, ResponseOrigin origin) {
        String id = done.responseId();
        Usage reported = done.response().usage() == null ? Usage.ZERO : done.response().usage();
        String status = done.response().status() == null ? "unknown" : done.response().status();
        ResponseUsage entry = ledger.record(id, origin, pricedModel(), reported, status);
        CostEstimate estimate = entry != null ? entry.estimate() : ledger.prices().estimate(pricedModel(), reported);
        TurnContext turn = origin != ResponseOrigin.OUT_OF_BAND && entry != null ? context.onTurn(reported) : null;
        attributeOutputTokens(done, reported);
        if (budget != null && entry != null) {
            budget.onResponse(entry);
            countConnectedTime();
        }
        return new Charge(estimate, turn);
    }

    /** After listeners saw the response: close at a cap (close policy), else prune if configured. */
    void afterResponse(ResponseOrigin origin) {
        if (budget != null && budget.shouldClose()) {
            Threads.VIRTUAL.execute(session::close);
        } else if (origin != ResponseOrigin.OUT_OF_BAND && options.pruning() != null) {
            prune();
        }
    }

    void onTranscription(InputAudioTranscriptionCompleted e) {
        if (e.usage() == null) {
            return;
        }
        TranscriptionEntry entry = ledger.recordTranscription(e.itemId(), transcriptionModel(), e.usage());
        if (budget != null) {
            budget.onTranscription(entry);
        }
    }

    private String transcriptionModel() {
        if (sessionOptions.inputTranscription() != null) {
            return sessionOptions.inputTranscription().model();
        }
        SessionInfo config = session.sessionConfig();
        if (config != null) {
            try {
                String model = Json.MAPPER.readTree(config.json()).at("/audio/input/transcription/model").asText(null);
                if (model != null) {
                    return model;
                }
            } catch (IOException e) {
                // fall through: the config came from the server and was readable once
            }
        }
        return "unknown-transcription-model";
    }

    /** Counts connected time since the last count, for the budget and per-minute prices. */
    private synchronized void countConnectedTime() {
        long since = connectedSinceNanos;
        if (since == 0) {
            return;
        }
        long now = System.nanoTime();
        connectedSinceNanos = now;
        Duration delta = Duration.ofNanos(now - since);
        CostEstimate connection = ledger.recordConnectedTime(pricedModel(), delta);
        if (budget != null) {
            budget.onConnectedTime(delta);
            boolean perMinute = ledger.prices().find(pricedModel()).flatMap(ModelPrice::perMinute).isPresent();
            if (perMinute && connection.isKnown()) {
                budget.onCost(connection);
            }
            if (budget.shouldClose() && session.state() == SessionState.OPEN) {
                Threads.VIRTUAL.execute(session::close);
            }
        }
    }

    /** A conversation item was confirmed: remember it with a rough token estimate (4 chars a token). */
    void onItem(Item item) {
        if (item == null || item.id() == null) {
            return;
        }
        long tokens = switch (item) {
            case MessageItem m -> (m.text().length() + 3) / 4;
            case FunctionCallOutputItem o -> (o.output() == null ? 0 : o.output().length() + 3) / 4;
            case FunctionCallItem f -> (f.arguments() == null ? 0 : f.arguments().length() + 3) / 4;
            default -> 0;
        };
        boolean pinned = item instanceof MessageItem m && "system".equals(m.role());
        mirror.merge(item.id(), new MirrorItem(tokens, pinned), (old, now) -> now.tokens() >= old.tokens() ? now : old);
    }

    void onItemDeleted(String itemId) {
        mirror.remove(itemId);
    }

    /** An assistant item costs the response's output tokens when it is read again as input. */
    private void attributeOutputTokens(ResponseDone done, Usage reported) {
        for (Item item : done.response().output()) {
            if (item instanceof MessageItem && item.id() != null) {
                mirror.computeIfPresent(item.id(), (id, known) ->
                        new MirrorItem(Math.max(reported.outputTokens(), known.tokens()), known.pinned()));
                return;
            }
        }
    }

    /** Deletes what the pruning policy names, off the reader (deleting blocks until confirmed). */
    private void prune() {
        List<ContextItem> items;
        synchronized (mirror) {
            items = mirror.entrySet().stream()
                    .map(en -> en.getValue().pinned() ? ContextItem.pinned(en.getKey(), en.getValue().tokens())
                            : ContextItem.of(en.getKey(), en.getValue().tokens()))
                    .toList();
        }
        List<String> victims = options.pruning().itemsToDelete(items);
        if (victims.isEmpty()) {
            return;
        }
        Map<String, Long> tokens = new HashMap<>();
        items.forEach(i -> tokens.put(i.itemId(), i.estimatedTokens()));
        Threads.VIRTUAL.execute(() -> {
            for (String id : victims) {
                try {
                    session.deleteItem(id);
                    context.onContextReduced(tokens.getOrDefault(id, 0L));
                } catch (ServerErrorException ex) {
                    if ("item_not_found".equals(ex.code())) {
                        // Gone already (e.g. not replayed after a reconnect): forget it and go on.
                        onItemDeleted(id);
                        continue;
                    }
                    LOG.log(System.Logger.Level.WARNING,
                            () -> "τ " + session.name() + ": pruning item " + id + " failed: " + ex.getMessage());
                    return;
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING,
                            () -> "τ " + session.name() + ": pruning item " + id + " failed: " + ex.getMessage());
                    return;
                }
            }
        });
    }

    /** The model whose prices apply: the provider's {@code pricedAs} (an Azure deployment's model), else the model. */
    private String pricedModel() {
        String pricedAs = options.provider().pricedAs();
        return pricedAs != null ? pricedAs : options.model();
    }
}
