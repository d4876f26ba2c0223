package dev.tau4j.internal.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.internal.codec.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The relay's mutual authentication with the debug server (docs/debug.md, "Relay protocol"): the
 * token never crosses the wire; each side proves it holds it with an HMAC-SHA256, keyed by the
 * token, of both sides' fresh nonces and the port, the server first.
 *
 * <ol>
 *   <li>relay → server: {@code {"type":"tau.auth","client_nonce":cn}}</li>
 *   <li>server → relay: {@code {"type":"tau.auth","server_nonce":sn,"proof":HMAC(token, "tau4j-debug-auth/1|server|port|cn|sn")}};
 *       the relay checks it and sends nothing else (and runs no command) unless it matches</li>
 *   <li>relay → server: {@code {"type":"tau.auth","proof":HMAC(token, "tau4j-debug-auth/1|client|port|cn|sn")}},
 *       then {@code tau.hello} and the rest</li>
 * </ol>
 * The roles in the proofs keep one side's proof from being replayed as the other's; the nonces
 * keep a proof from being replayed in another connection; the port binds it to the server the
 * relay meant.
 */
final class RelayAuth {

    static final String TYPE = "tau.auth";
    private static final String LABEL = "tau4j-debug-auth/1";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Nonces are 32 random bytes, base64url without padding: 43 characters. */
    static final int NONCE_CHARS = 43;

    private RelayAuth() {
    }

    static String nonce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The proof that the side in {@code role} ({@code server} or {@code client}) holds {@code token}. */
    static String proof(String token, String role, int port, String clientNonce, String serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String message = LABEL + "|" + role + "|" + port + "|" + clientNonce + "|" + serverNonce;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison of two proofs. */
    static boolean same(String expected, String candidate) {
        return candidate != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The relay's first message. */
    static String challenge(String clientNonce) {
        return write(Json.MAPPER.createObjectNode().put("type", TYPE).put("client_nonce", clientNonce));
    }

    /** The relay's proof, sent once the server proved itself. */
    static String clientProof(String token, int port, String clientNonce, String serverNonce) {
        return write(Json.MAPPER.createObjectNode().put("type", TYPE)
                .put("proof", proof(token, "client", port, clientNonce, serverNonce)));
    }

    /**
     * Whether {@code answer} (the server's first message) proves the server holds {@code token}
     * for this connection.
     */
    static boolean serverProved(String answer, String token, int port, String clientNonce) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(answer);
        } catch (Exception e) {
            return false;
        }
        if (!(m instanceof ObjectNode) || !TYPE.equals(m.path("type").asText())) {
            return false;
        }
        String serverNonce = m.path("server_nonce").asText("");
        if (serverNonce.length() < NONCE_CHARS || serverNonce.equals(clientNonce)) {
            return false;
        }
        return same(proof(token, "server", port, clientNonce, serverNonce), m.path("proof").asText(null));
    }

    /** The server nonce of an answer {@link #serverProved} accepted. */
    static String serverNonce(String answer) {
        try {
            return Json.MAPPER.readTree(answer).path("server_nonce").asText();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable answer", e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode a debug message", e);
        }
    }
}
