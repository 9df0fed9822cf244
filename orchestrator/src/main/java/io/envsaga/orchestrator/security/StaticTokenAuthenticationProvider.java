package io.envsaga.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Static bearer tokens from configuration, compared by SHA-256 hash in constant time; plus the
 * operators' token from {@code ENVSAGA_ADMIN_TOKEN}, which may do everything. Answers null for
 * a token it does not know, so that the JWT provider can try it.
 */
public class StaticTokenAuthenticationProvider implements AuthenticationProvider {

    private record Known(String name, byte[] hash, List<Grant> grants) {
    }

    private final List<Known> known = new ArrayList<>();

    public StaticTokenAuthenticationProvider(SecurityProperties properties, String adminToken) {
        for (SecurityProperties.StaticToken token : properties.tokens()) {
            if (token.sha256() == null || !token.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("envsaga.orchestrator.security.tokens[" + token.name()
                        + "].sha256 must be the 64 hex digits of the token's SHA-256");
            }
            known.add(new Known(token.name(), HexFormat.of().parseHex(token.sha256()), token.grants()));
        }
        if (adminToken != null && !adminToken.isBlank()) {
            known.add(new Known("admin", sha256(adminToken), Grant.of(List.of("*"), EnumSet.allOf(Action.class), Reach.ALL)));
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        byte[] presented = sha256(((BearerTokenAuthenticationToken) authentication).getToken());
        for (Known token : known) {
            if (MessageDigest.isEqual(presented, token.hash())) {
                return new TokenAuthentication(token.name(), token.grants());
            }
        }
        return null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An authenticated static token: its name and its grants. */
    static final class TokenAuthentication extends AbstractAuthenticationToken {
        private final String name;

        TokenAuthentication(String name, List<Grant> grants) {
            super(grants);
            this.name = name;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return "token:" + name;
        }
    }
}
