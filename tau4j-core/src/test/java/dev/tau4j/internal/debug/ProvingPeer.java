package dev.tau4j.internal.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.LoopbackWebSocket;
import dev.tau4j.internal.codec.Json;
import java.time.Duration;

/** The debug server's side of {@link RelayAuth}, for scripted peers that hold the token. */
final class ProvingPeer {

    private ProvingPeer() {
    }

    /** Answers the relay's challenge with the server's proof; true when the relay's proof that follows is right. */
    static boolean authenticate(LoopbackWebSocket.Connection c, String token, Duration wait) throws Exception {
        JsonNode challenge = Json.MAPPER.readTree(c.receive(wait));
        String cn = challenge.path("client_nonce").asText();
        String sn = RelayAuth.nonce();
        int port = Integer.parseInt(c.requestHead().replaceAll("(?s).*\\nHost: *[^\\r\\n]*:(\\d+)\\r.*", "$1"));
        c.send("{\"type\":\"tau.auth\",\"server_nonce\":\"" + sn + "\",\"proof\":\""
                + RelayAuth.proof(token, "server", port, cn, sn) + "\"}");
        JsonNode proof = Json.MAPPER.readTree(c.receive(wait));
        return RelayAuth.same(RelayAuth.proof(token, "client", port, cn, sn), proof.path("proof").asText());
    }
}
