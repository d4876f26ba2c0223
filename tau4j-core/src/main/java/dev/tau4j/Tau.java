package dev.tau4j;

/**
 * The shortest way in, mirroring the seed library's {@code create_session(session_options,
 * tau_options)}: a session with its own client, closed together.
 *
 * {@snippet :
 * try (Session session = Tau.createSession(
 *         SessionOptions.builder().instructions("Translate into German.").build(),
 *         TauOptions.builder().model("gpt-realtime").build())) {
 *     session.user("Good morning!");
 *     Response reply = session.response();
 *     System.out.println(reply.transcript());
 * }
 * }
 */
public final class Tau {

    private Tau() {
    }

    /** A session with the server defaults, configured from the environment. */
    public static Session createSession() {
        return createSession(SessionOptions.DEFAULTS, TauOptions.DEFAULTS);
    }

    /** A session with {@code sessionOptions}, configured from the environment. */
    public static Session createSession(SessionOptions sessionOptions) {
        return createSession(sessionOptions, TauOptions.DEFAULTS);
    }

    /**
     * A session with its own {@link TauClient}; closing the session closes the client. To open
     * many sessions, share one {@link TauClient} instead.
     */
    public static Session createSession(SessionOptions sessionOptions, TauOptions tauOptions) {
        TauClient client = TauClient.create(tauOptions);
        return client.open(sessionOptions, null, true);
    }
}
