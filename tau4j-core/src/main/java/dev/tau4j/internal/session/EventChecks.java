package dev.tau4j.internal.session;

import dev.tau4j.ProtocolException;
import dev.tau4j.event.ConversationItemAdded;
import dev.tau4j.event.ConversationItemCreated;
import dev.tau4j.event.ConversationItemDeleted;
import dev.tau4j.event.ConversationItemDone;
import dev.tau4j.event.ConversationItemRetrieved;
import dev.tau4j.event.ConversationItemTruncated;
import dev.tau4j.event.InputAudioBufferCommitted;
import dev.tau4j.event.InputAudioTranscriptionCompleted;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ResponseFunctionCallArgumentsDone;
import dev.tau4j.event.ResponseInfo;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputItemAdded;
import dev.tau4j.event.ResponseOutputItemDone;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.ServerError;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionCreated;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.event.Usage;

/**
 * What the engine requires of a decoded event before it acts on it: the ids it correlates by and
 * the payloads it keeps. The codec keeps events lenient (unknown and partial events still reach
 * listeners); these checks turn an event the engine cannot apply into a {@link ProtocolException}
 * instead of a failure deep inside the engine.
 */
final class EventChecks {

    /** More tokens than any response can hold: a number past this is corrupt, and would overflow sums. */
    static final long MAX_TOKENS = 1L << 40;

    private EventChecks() {
    }

    static void check(ServerEvent event) {
        switch (event) {
            case ServerError e -> require(e, e.error(), "error");
            case SessionCreated e -> require(e, e.session(), "session");
            case SessionUpdated e -> require(e, e.session(), "session");
            case ConversationItemAdded e -> item(e, e.item());
            case ConversationItemDone e -> item(e, e.item());
            case ConversationItemCreated e -> item(e, e.item());
            case ConversationItemRetrieved e -> item(e, e.item());
            case ConversationItemDeleted e -> require(e, e.itemId(), "item_id");
            case ConversationItemTruncated e -> require(e, e.itemId(), "item_id");
            case InputAudioBufferCommitted e -> require(e, e.itemId(), "item_id");
            case InputAudioTranscriptionCompleted e -> require(e, e.itemId(), "item_id");
            case ResponseCreated e -> response(e, e.response());
            case ResponseDone e -> {
                response(e, e.response());
                usage(e, e.response().usage());
            }
            case ResponseEvent e -> {
                require(e, e.responseId(), "response_id");
                switch (e) {
                    case ResponseOutputAudioDelta d -> require(e, d.audio(), "delta");
                    case ResponseOutputAudioTranscriptDelta d -> require(e, d.delta(), "delta");
                    case ResponseOutputTextDelta d -> require(e, d.delta(), "delta");
                    case ResponseOutputItemAdded a -> item(e, a.item());
                    case ResponseOutputItemDone a -> item(e, a.item());
                    case ResponseFunctionCallArgumentsDone d -> {
                        require(e, d.itemId(), "item_id");
                        require(e, d.arguments(), "arguments");
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void item(ServerEvent e, Item item) {
        require(e, item, "item");
        require(e, item.id(), "item.id");
    }

    private static void response(ServerEvent e, ResponseInfo info) {
        require(e, info, "response");
        require(e, info.id(), "response.id");
    }

    private static void usage(ServerEvent e, Usage u) {
        if (u == null) {
            return;
        }
        long[] all = {u.inputTextTokens(), u.inputAudioTokens(), u.inputImageTokens(), u.cachedTextTokens(),
            u.cachedAudioTokens(), u.cachedImageTokens(), u.outputTextTokens(), u.outputAudioTokens()};
        for (long n : all) {
            if (n > MAX_TOKENS) {
                throw new ProtocolException("Server event " + e.type() + " reports " + n + " tokens, more than any"
                        + " response can use; its usage is corrupt", null, null);
            }
        }
    }

    private static void require(ServerEvent e, Object value, String field) {
        if (value == null) {
            throw new ProtocolException("Server event " + e.type() + " lacks its required field '" + field + "'",
                    null, null);
        }
    }
}
