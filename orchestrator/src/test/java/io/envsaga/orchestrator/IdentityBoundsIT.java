package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.envsaga.orchestrator.api.EnvironmentEvents;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 26, classes 5 and 6: an issuer that does not answer (a closed local port, later a small
 * server serving its OIDC discovery and keys) makes a bad token a 401, never a 500; bounds that
 * hold for all identities together, and identities without a grant refused before anything is set up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityBoundsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String READER_A = "reader-a-token";
    static final String READER_B = "reader-b-token";
    static final String READER_C = "reader-c-token";
    static OrchestratorHarness orchestrator;
    static int issuerPort;
    static String issuer;
    static RSAKey key;
    static HttpServer issuerServer;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            issuerPort = free.getLocalPort();
        } // closed: nothing answers there until issuerAnswers()
        issuer = "http://127.0.0.1:" + issuerPort;
        key = new RSAKeyGenerator(2048).keyID("late-key").generate();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
        config.put("spring.security.oauth2.resourceserver.jwt.audiences", JwtFixture.AUDIENCE);
        config.put("envsaga.orchestrator.security.issuer-retry", "200ms");
        config.put("envsaga.orchestrator.security.jwt[0].claims.repository_id", "72866112");
        config.put("envsaga.orchestrator.security.jwt[0].environments[0]", "codedang-pr-*");
        config.put("envsaga.orchestrator.security.jwt[0].actions", "read,apply");
        String[] readers = {READER_A, READER_B, READER_C};
        for (int i = 0; i < readers.length; i++) {
            config.put("envsaga.orchestrator.security.tokens[" + i + "].name", "reader-" + i);
            config.put("envsaga.orchestrator.security.tokens[" + i + "].sha256", JwtFixture.sha256(readers[i]));
            config.put("envsaga.orchestrator.security.tokens[" + i + "].environments[0]", "codedang-pr-*");
            config.put("envsaga.orchestrator.security.tokens[" + i + "].actions", "read");
        }
        config.put("envsaga.orchestrator.events.max-streams-per-identity", "5");
        config.put("envsaga.orchestrator.events.max-streams", "3");
        config.put("envsaga.orchestrator.events.heartbeat", "200ms");
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(config);
    }

    @AfterAll
    static void stop() {
        orchestrator.stop();
        if (issuerServer != null) {
            issuerServer.stop(0);
        }
    }

    // class 6: until the issuer has answered, a token that is not a known one was a 500 (JwtDecoderInitializationException)
    @Test
    @Order(1)
    void aBadTokenIsA401AndAGoodJwtA503UntilTheIssuerAnswersThenItIsAccepted() throws Exception {
        Map<String, Object> ours = Map.of("repository_id", "72866112");
        String jwt = JwtFixture.token(issuer, ours, JwtFixture.AUDIENCE, Instant.now().plusSeconds(300), key);
        if (issuerServer == null) {
            HttpResponse<String> garbage = get("/api/v1/environments", "not-a-token-at-all");
            assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(401);
            assertThat(garbage.body()).contains("neither a known token nor a JWT").doesNotContain("Exception");
            HttpResponse<String> otherAudience = get("/api/v1/environments",
                    JwtFixture.token(issuer, ours, "sts.amazonaws.com", Instant.now().plusSeconds(300), key));
            assertThat(otherAudience.statusCode()).isEqualTo(401);
            HttpResponse<String> expired = get("/api/v1/environments",
                    JwtFixture.token(issuer, ours, JwtFixture.AUDIENCE, Instant.now().minusSeconds(600), key));
            assertThat(expired.statusCode()).isEqualTo(401);
            HttpResponse<String> otherIssuer = get("/api/v1/environments",
                    JwtFixture.token(JwtFixture.ISSUER, ours, JwtFixture.AUDIENCE, Instant.now().plusSeconds(300), key));
            assertThat(otherIssuer.statusCode()).isEqualTo(401);

            long before = System.nanoTime();
            HttpResponse<String> unreachable = get("/api/v1/environments", jwt);
            assertThat(unreachable.statusCode()).as(unreachable.body()).isEqualTo(503);
            assertThat(unreachable.headers().firstValue("Retry-After")).isPresent();
            assertThat(unreachable.body()).contains("has not answered yet").doesNotContain("Exception");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("the request does not wait for the issuer")
                    .isLessThan(Duration.ofSeconds(2));
            issuerAnswers();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/v1/environments", jwt).statusCode() == 200);

        RSAKey forged = new RSAKeyGenerator(2048).keyID("late-key").generate();
        assertThat(get("/api/v1/environments", JwtFixture.token(issuer, ours, JwtFixture.AUDIENCE, Instant.now().plusSeconds(300), forged))
                .statusCode()).as("a forged signature, now that the keys are known").isEqualTo(401);
        assertThat(get("/api/v1/environments", "not-a-token-at-all").statusCode()).isEqualTo(401);
    }

    // class 5: any repository can get a JWT for the audience, so identities are unbounded
    @Test
    @Order(2)
    void identitiesWithoutAGrantAreRefusedAndStreamsAreBoundedForAllIdentitiesTogether() throws Exception {
        EnvironmentEvents live = orchestrator.context().getBean(EnvironmentEvents.class);
        if (issuerServer == null) {
            issuerAnswers();
        }
        String foreign = JwtFixture.token(issuer, Map.of("repository_id", "1", "repository", "evil/fork"), JwtFixture.AUDIENCE,
                Instant.now().plusSeconds(300), key);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/v1/whoami", foreign).statusCode() != 503);

        Refused noGrant = stream(foreign);
        assertThat(noGrant.status()).as(noGrant.body()).isEqualTo(403);
        assertThat(noGrant.body()).contains("jwt:evil/fork matches no rule");
        assertThat(get("/api/v1/environments/codedang-pr-1/events", foreign).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/whoami", foreign).statusCode()).isEqualTo(403);
        assertThat(live.open()).as("no stream was set up for it").isZero();

        List<EventStreamReader> open = new ArrayList<>();
        try {
            open.add(new EventStreamReader(orchestrator.baseUrl() + "/api/v1/events", READER_A));
            open.add(new EventStreamReader(orchestrator.baseUrl() + "/api/v1/events", READER_A));
            open.add(new EventStreamReader(orchestrator.baseUrl() + "/api/v1/events", READER_B));
            assertThat(live.open()).isEqualTo(3);
            Refused full = stream(READER_C);
            assertThat(full.status()).as("each identity is under its own cap, but all together are at the global one").isEqualTo(503);
            assertThat(full.retryAfter()).isNotNull();
            assertThat(full.body()).contains("envsaga.orchestrator.events.max-streams");
            assertThat(live.open()).isEqualTo(3);
        } finally {
            open.forEach(EventStreamReader::close);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> live.open() == 0);
        assertThat(get("/api/v1/whoami", READER_C).statusCode()).isEqualTo(200);
    }

    private record Refused(int status, String retryAfter, String body) {
    }

    /** GET /api/v1/events: an open stream (200) never ends, so its body is read only when refused. */
    private static Refused stream(String token) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl()
                + "/api/v1/events")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return new Refused(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static HttpResponse<String> get(String path, String token) {
        return orchestrator.send("GET", path, token, null, null, List.of("Accept", "*/*"));
    }

    /** The issuer comes up on the port that was closed: OIDC discovery and its keys. */
    private static synchronized void issuerAnswers() throws Exception {
        if (issuerServer != null) {
            return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", issuerPort), 0);
        byte[] discovery = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"subject_types_supported\":[\"public\"],"
                + "\"response_types_supported\":[\"id_token\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
        server.createContext("/jwks", exchange -> respond(exchange, keys));
        server.start();
        issuerServer = server;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
