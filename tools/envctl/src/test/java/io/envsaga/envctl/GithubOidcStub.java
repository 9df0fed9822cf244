package io.envsaga.envctl;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * GitHub Actions' side of OIDC for the tests: the token endpoint a job reaches through
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} (answers {@code {"value": <jwt>}} for the request token) and
 * the JWKS the orchestrator checks the JWT against.
 */
final class GithubOidcStub implements AutoCloseable {

    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static final String REPOSITORY = "skkuding/codedang";
    static final String REQUEST_TOKEN = "actions-request-token-5e2f";

    private final HttpServer server;
    private final RSAKey key;
    final List<String> audiences = new CopyOnWriteArrayList<>();

    GithubOidcStub() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("actions").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> respond(exchange, 200, jwks));
        server.createContext("/token", this::token);
        server.start();
    }

    String jwksUri() {
        return base() + "/jwks";
    }

    /** What GitHub puts in ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query). */
    String requestUrl() {
        return base() + "/token?api-version=2.0";
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!("Bearer " + REQUEST_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        String audience = query.replaceAll(".*audience=([^&]*).*", "$1");
        audiences.add(audience);
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience)
                    .subject("repo:" + REPOSITORY + ":pull_request").claim("repository", REPOSITORY)
                    .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            respond(exchange, 200, ("{\"count\":1,\"value\":\"" + jwt.serialize() + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (com.nimbusds.jose.JOSEException e) {
            respond(exchange, 500, "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
