package dev.tau4j.internal.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tau4j.ExecutableTool;
import dev.tau4j.FunctionCall;
import dev.tau4j.Response;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.ResponseStatus;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.ToolChoice;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.codec.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a session's {@link ExecutableTool}s (the contract is in that type's Javadoc). A listener
 * of the session, installed on the first registration: it sees completed responses and speech
 * starts on the session's reader and only starts virtual threads there; binding, the tools
 * themselves, the outputs and the follow-up request all happen on those threads.
 */
public final class ToolRunner implements SessionListener {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    /** The follow-up after tool outputs: {@code auto}, so a session whose choice is {@code required} does not loop. */
    static final ResponseOptions FOLLOW_UP = ResponseOptions.builder().toolChoice(ToolChoice.AUTO).build();

    private final Session session;
    /** {@link #FOLLOW_UP}, or the defaults where the provider takes no per-response settings (Gemini). */
    private final ResponseOptions followUpOptions;
    /** The session's tools by name; a later registration of a name replaces the earlier one. */
    private final Map<String, ExecutableTool<?>> sessionTools = new ConcurrentHashMap<>();
    /** Tools of one requested response, by its handle, until that response ends. */
    private final Map<ResponseHandle, Map<String, ExecutableTool<?>>> responseTools = new ConcurrentHashMap<>();
    /** Calls of one response still running or still to be answered; a batch leaves when it has answered all. */
    private final Set<Batch> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean listening = new AtomicBoolean();

    /**
     * A runner for {@code session}; {@code responseSettings} tells whether its provider takes a
     * tool choice per response (else the follow-up asks with the session's settings).
     */
    public ToolRunner(Session session, boolean responseSettings) {
        this.session = session;
        this.followUpOptions = responseSettings ? FOLLOW_UP : ResponseOptions.DEFAULTS;
    }

    /** Runs {@code tools} whenever the model calls them in this session. */
    public void register(List<ExecutableTool<?>> tools) {
        if (tools.isEmpty()) {
            return;
        }
        tools.forEach(t -> sessionTools.put(t.name(), t));
        listen();
    }

    /** Runs {@code tools} when the model calls them in the response of {@code handle} (ahead of the session's). */
    public void register(List<ExecutableTool<?>> tools, ResponseHandle handle) {
        if (tools.isEmpty()) {
            return;
        }
        Map<String, ExecutableTool<?>> byName = new HashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        responseTools.put(handle, Map.copyOf(byName));
        handle.result().whenComplete((r, failure) -> {
            if (failure != null) {
                responseTools.remove(handle);
            }
        });
        listen();
    }

    private void listen() {
        if (listening.compareAndSet(false, true)) {
            session.addListener(this);
        }
    }

    @Override
    public void onEvent(Session s, ServerEvent event) {
        if (event instanceof InputAudioBufferSpeechStarted) {
            running.forEach(b -> b.cancel("the user started speaking"));
        }
    }

    @Override
    public void onStateChange(Session s, SessionState previous, SessionState current) {
        if (ended(current)) {
            running.forEach(b -> b.cancel("the session ended"));
        }
    }

    @Override
    public void onResponse(Session s, Response response) {
        Map<String, ExecutableTool<?>> scoped = takeResponseTools(response.id());
        if (response.functionCalls().isEmpty() || response.status() != ResponseStatus.COMPLETED
                || response.origin() == ResponseOrigin.OUT_OF_BAND) {
            return;
        }
        List<Call> calls = new ArrayList<>();
        for (FunctionCall fc : response.functionCalls()) {
            ExecutableTool<?> tool = scoped.getOrDefault(fc.name(), sessionTools.get(fc.name()));
            if (tool != null) {
                calls.add(new Call(fc, tool));
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        // A follow-up only when the model has every output it waits for, i.e. no call is left to the application.
        boolean followUp = calls.size() == response.functionCalls().size()
                && calls.stream().anyMatch(c -> c.tool.followUp());
        Batch batch = new Batch(calls, followUp);
        running.add(batch);
        batch.start(response.id());
    }

    private Map<String, ExecutableTool<?>> takeResponseTools(String responseId) {
        for (ResponseHandle handle : responseTools.keySet()) {
            if (responseId.equals(handle.id())) {
                Map<String, ExecutableTool<?>> tools = responseTools.remove(handle);
                return tools == null ? Map.of() : tools;
            }
        }
        return Map.of();
    }

    /** One call to run: the task starts at once on its own virtual thread. */
    private final class Call {
        final FunctionCall call;
        final ExecutableTool<?> tool;
        final FutureTask<String> task;
        long deadlineNanos;

        Call(FunctionCall call, ExecutableTool<?> tool) {
            this.call = call;
            this.tool = tool;
            this.task = new FutureTask<>(() -> invoke(tool, call));
        }

        void start() {
            deadlineNanos = System.nanoTime() + tool.timeout().toNanos();
            Thread.ofVirtual().name("tau4j-tool-" + tool.name()).start(task);
        }
    }

    /** The calls of one response: run in parallel, answered in call order, then maybe a follow-up. */
    private final class Batch {
        final List<Call> calls;
        final boolean followUp;
        /** Null unless cancelled; then why. */
        volatile String cancelled;

        Batch(List<Call> calls, boolean followUp) {
            this.calls = calls;
            this.followUp = followUp;
        }

        void start(String responseId) {
            calls.forEach(Call::start);
            Thread.ofVirtual().name("tau4j-tools-" + responseId).start(this::answer);
        }

        void cancel(String reason) {
            if (cancelled == null) {
                cancelled = reason;
                calls.forEach(c -> c.task.cancel(true));
            }
        }

        private void answer() {
            try {
                boolean allSent = true;
                for (Call c : calls) {
                    String output = await(c);
                    if (!send(c, output)) {
                        allSent = false;
                    }
                    if (ended(session.state())) {
                        return;
                    }
                }
                if (followUp && allSent && cancelled == null) {
                    requestFollowUp();
                }
            } finally {
                running.remove(this);
            }
        }

        private String await(Call c) {
            try {
                return c.task.get(Math.max(0, c.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                c.task.cancel(true);
                if (cancelled != null) {
                    return error("cancelled", c.tool.name() + " was stopped: " + cancelled);
                }
                long ms = c.tool.timeout().toMillis();
                warn(c, "did not finish within " + ms + " ms; it was interrupted", null);
                return error("timeout", c.tool.name() + " did not finish within " + ms + " ms");
            } catch (CancellationException e) {
                return error("cancelled", c.tool.name() + " was stopped: " + cancelled);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                warn(c, "failed", cause);
                return error("tool_failed", c.tool.name() + " failed: " + describe(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.task.cancel(true);
                return error("cancelled", c.tool.name() + " was stopped");
            }
        }
    }

    private String invoke(ExecutableTool<?> tool, FunctionCall call) {
        Object result;
        try {
            result = apply(tool, call.arguments());
        } catch (InvalidArguments e) {
            LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name() + ": tool " + tool.name()
                    + " was called with arguments that do not fit " + tool.argumentType().getSimpleName() + " ("
                    + e.getMessage() + "); the model was told");
            return error("invalid_arguments", e.getMessage());
        }
        if (result == null) {
            return "{\"ok\":true}";
        }
        if (result instanceof String text) {
            return text;
        }
        try {
            return Json.MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("its result (" + result.getClass().getName()
                    + ") cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <R extends Record> Object apply(ExecutableTool<R> tool, String arguments) {
        R bound;
        try {
            bound = ToolArguments.bind(arguments, tool.argumentType());
        } catch (IllegalArgumentException e) {
            throw new InvalidArguments(e.getMessage());
        }
        return tool.function().apply(bound);
    }

    /** Arguments that do not fit, told apart from an IllegalArgumentException thrown by the tool itself. */
    private static final class InvalidArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidArguments(String message) {
            super(message, null, false, false);
        }
    }

    private boolean send(Call c, String output) {
        try {
            session.functionCallOutput(c.call.callId(), output);
            return true;
        } catch (IllegalStateException e) {
            return false;
        } catch (TauException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name() + ": could not send the output of tool "
                    + c.tool.name() + ": " + e.getMessage());
            return false;
        }
    }

    private void requestFollowUp() {
        try {
            session.requestResponse(followUpOptions).result().whenComplete((r, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name()
                            + ": the follow-up response after tool outputs failed: " + describe(failure));
                }
            });
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "τ " + session.name() + ": no follow-up, " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "τ " + session.name()
                    + ": could not request the follow-up response after tool outputs: " + describe(e));
        }
    }

    /** Closing or over; other states (connecting, open, and any recovering state to come) keep tools running. */
    private static boolean ended(SessionState state) {
        return state == SessionState.CLOSING || state == SessionState.CLOSED || state == SessionState.FAILED;
    }

    private void warn(Call c, String what, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "τ " + session.name() + ": tool " + c.tool.name() + " " + what
                + "; the model was told", cause);
    }

    static String error(String kind, String message) {
        return Json.MAPPER.createObjectNode().put("error", kind).put("message", message).toString();
    }

    private static String describe(Throwable t) {
        String type = t.getClass().getSimpleName();
        return t.getMessage() == null ? type : type + ": " + t.getMessage();
    }
}
