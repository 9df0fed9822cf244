package io.envsaga.orchestrator.security;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A JWT decoder that never turns an unreachable issuer into a 500, and never makes a request wait
 * for the issuer.
 *
 * <ul>
 *   <li>What can be judged without the issuer is judged first, and is a 401: a token that is not
 *       a JWT, of another issuer, expired, or for another audience.</li>
 *   <li>The decoder that needs the issuer (its OIDC discovery and keys) is built off the request
 *       thread, by one background attempt at a time; until one has succeeded, a token that would
 *       need it is {@link IssuerUnavailableException} (503 with {@code Retry-After}), and the next
 *       such request starts another attempt (at most one per {@code retryEvery}).</li>
 *   <li>Once built, the issuer's keys failing to load ({@code Couldn't retrieve remote JWK set}) is
 *       a 503 too, a bad signature or claim a 401.</li>
 * </ul>
 */
final class IssuerJwtDecoder implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(IssuerJwtDecoder.class);
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final Supplier<JwtDecoder> build;
    private final String issuer;
    private final List<String> audiences;
    private final Duration retryEvery;
    private final Clock clock;
    private final AtomicReference<JwtDecoder> decoder = new AtomicReference<>();
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile String lastFailure = "not reached yet";

    /**
     * @param build     makes the decoder (may reach the issuer); called on a background thread
     * @param issuer    the configured issuer ({@code iss} must equal it), or null to leave that to the decoder
     * @param audiences one of these must be in {@code aud}
     */
    IssuerJwtDecoder(Supplier<JwtDecoder> build, String issuer, List<String> audiences, Duration retryEvery, Clock clock) {
        this.build = build;
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer;
        this.audiences = audiences;
        this.retryEvery = retryEvery;
        this.clock = clock;
        attempt();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        precheck(token);
        JwtDecoder ready = decoder.get();
        if (ready == null) {
            attempt();
            throw new IssuerUnavailableException("the JWT issuer " + (issuer == null ? "" : issuer + " ") + "has not answered yet ("
                    + lastFailure + "); try again shortly", retryEvery);
        }
        try {
            return ready.decode(token);
        } catch (BadJwtException e) {
            throw e;
        } catch (JwtException e) {
            // not the token's fault: the issuer's keys could not be read
            throw new IssuerUnavailableException("the JWT issuer's keys could not be read (" + e.getMessage() + "); try again shortly",
                    retryEvery);
        }
    }

    /** True once the issuer has answered (its decoder is built). */
    boolean ready() {
        return decoder.get() != null;
    }

    private void precheck(String token) {
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new BadJwtException("the bearer token is neither a known token nor a JWT");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new BadJwtException("the JWT's issuer is not " + issuer);
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || expiry.toInstant().plus(SKEW).isBefore(clock.instant())) {
            throw new BadJwtException("the JWT has expired or has no expiry");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch(audiences::contains)) {
            throw new BadJwtException("the token's audience is not " + audiences);
        }
    }

    /** Starts one background attempt to build the decoder, unless one runs or the last was too recent. */
    private void attempt() {
        if (decoder.get() != null || clock.instant().isBefore(lastAttempt.plus(retryEvery)) || !building.compareAndSet(false, true)) {
            return;
        }
        lastAttempt = clock.instant();
        Thread attempt = new Thread(() -> {
            try {
                JwtDecoder built = build.get();
                decoder.set(built);
                log.info("the JWT issuer {} answered: JWTs are accepted", issuer == null ? "" : issuer);
            } catch (RuntimeException e) {
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.warn("the JWT issuer {} did not answer: {}; JWTs are 503 until it does", issuer == null ? "" : issuer, lastFailure);
            } finally {
                building.set(false);
            }
        }, "jwt-issuer");
        attempt.setDaemon(true);
        attempt.start();
    }

    /** The issuer must be reached for this token and cannot be now (503, Retry-After). */
    static final class IssuerUnavailableException extends AuthenticationException {
        private final Duration retryAfter;

        IssuerUnavailableException(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
