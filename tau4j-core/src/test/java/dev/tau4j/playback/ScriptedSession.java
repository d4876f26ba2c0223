package dev.tau4j.playback;

import dev.tau4j.Response;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.SessionState;

import dev.tau4j.recovery.RecoveryStats;

import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.Usage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A {@link Session} driven by the test through the public listener contract: {@link #emit}
 * delivers a server event to the listeners on the calling thread, as the reader would, and
 * {@link #truncate} records the call (or fails, if told to). Everything else is unsupported.
 */
final class ScriptedSession implements Session {

    private final dev.tau4j.cost.UsageLedger ledger = new dev.tau4j.cost.UsageLedger(dev.tau4j.cost.PriceTable.bundled());

    /** One {@link #truncate} call. */
    record Truncation(String itemId, int contentIndex, long audioEndMs) {
    }

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    final BlockingQueue<Truncation> truncations = new LinkedBlockingQueue<>();
    /** Thrown by the next truncate calls; null to succeed. */
    final AtomicReference<RuntimeException> truncateFailure = new AtomicReference<>();

    void emit(ServerEvent event) {
        listeners.forEach(l -> l.onEvent(this, event));
    }

    void changeState(SessionState previous, SessionState current) {
        listeners.forEach(l -> l.onStateChange(this, previous, current));
    }

    @Override
    public void truncate(String itemId, int contentIndex, long audioEndMs) {
        truncations.add(new Truncation(itemId, contentIndex, audioEndMs));
        RuntimeException failure = truncateFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public AutoCloseable addListener(SessionListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public SessionState state() {
        return SessionState.OPEN;
    }

    @Override
    public String model() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionInfo sessionConfig() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item user(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item assistant(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item system(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item createAudio(byte[] audio) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item createItem(Item item, String previousItemId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item functionCallOutput(String callId, String output) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean appendInputAudio(byte[] audio) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long inputAudioBacklogBytes() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String commitInputAudio() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clearInputAudio() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteItem(String itemId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Item retrieveItem(String itemId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionInfo updateSession(SessionOptions partial) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Response> cancelResponse() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Response response(ResponseOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions options, Consumer<? super ResponseEvent> listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void send(ClientEvent event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flow.Publisher<ServerEvent> events() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flow.Publisher<Response> responses() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Usage usage() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RecoveryStats recoveryStats() {
        return RecoveryStats.NONE;
    }

    @Override
    public dev.tau4j.cost.UsageLedger ledger() {
        return ledger;
    }

    @Override
    public java.util.Optional<dev.tau4j.cost.BudgetMonitor> budget() {
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
    }
}
