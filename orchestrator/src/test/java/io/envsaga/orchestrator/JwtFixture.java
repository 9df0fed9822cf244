package io.envsaga.orchestrator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

/** A JWT issuer for tests: GitHub Actions' issuer name, a key of its own served as a JWKS, and the orchestrator's settings for it. */
final class JwtFixture {

    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static final String AUDIENCE = "envsaga";

    private final HttpServer jwks;
    private final RSAKey key;

    private JwtFixture(HttpServer jwks, RSAKey key) {
        this.jwks = jwks;
        this.key = key;
    }

    static JwtFixture start() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        return new JwtFixture(jwks, key);
    }

    Map<String, String> springProperties() {
        return Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
    }

    RSAKey key() {
        return key;
    }

    /** A token valid for five minutes with these claims and audience (none when null). */
    String token(Map<String, Object> claims, String audience) throws Exception {
        return token(claims, audience, Instant.now().plusSeconds(300), key);
    }

    static String token(Map<String, Object> claims, String audience, Instant expiry, RSAKey signingKey) throws Exception {
        return token(ISSUER, claims, audience, expiry, signingKey);
    }

    static String token(String issuer, Map<String, Object> claims, String audience, Instant expiry, RSAKey signingKey) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).subject("repo:skkuding/codedang:pull_request")
                .issueTime(Date.from(Instant.now().minusSeconds(600))).expirationTime(Date.from(expiry));
        claims.forEach(builder::claim);
        if (audience != null) {
            builder.audience(audience);
        }
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), builder.build());
        token.sign(new RSASSASigner(signingKey));
        return token.serialize();
    }

    void stop() {
        jwks.stop(0);
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
