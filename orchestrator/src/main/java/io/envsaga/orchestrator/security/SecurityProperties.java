package io.envsaga.orchestrator.security;

import io.envsaga.contracts.spec.Tier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.security.*}: who may do what through the REST API.
 *
 * @param tokens static bearer tokens, stored as SHA-256 hashes (never the token itself)
 * @param jwt    rules mapping claims of JWTs from the configured issuer
 *               ({@code spring.security.oauth2.resourceserver.jwt.*}) to rights
 */
@ConfigurationProperties("envsaga.orchestrator.security")
public record SecurityProperties(List<StaticToken> tokens, List<ClaimRule> jwt) {

    public SecurityProperties {
        tokens = tokens == null ? List.of() : tokens;
        jwt = jwt == null ? List.of() : jwt;
    }

    /**
     * @param name       who holds it, for logs and the audit
     * @param sha256     hex SHA-256 of the token: {@code printf %s "$TOKEN" | sha256sum}
     * @param namespaces namespace globs its environments may use besides their own name
     * @param hosts      host globs its environments may claim (none when empty)
     * @param privileged whether its environments may run privileged workloads
     * @param tiers      the tiers its environments may be of (every tier when empty)
     * @param quota      what it may hold across its live environments (no limit when absent)
     * @param clusters   cluster globs its environments may live on (only the default cluster when empty)
     */
    public record StaticToken(String name, String sha256, List<String> environments, Set<Action> actions, List<String> namespaces,
                              List<String> hosts, Boolean privileged, Set<Tier> tiers, Quota quota, List<String> clusters) {
        public StaticToken {
            environments = environments == null ? List.of() : environments;
            actions = actions == null ? Set.of() : actions;
        }

        public List<Grant> grants() {
            return Grant.of(environments, actions, Reach.of(namespaces, hosts, privileged, tiers, quota, clusters));
        }
    }

    /**
     * @param claims every claim listed must match (globs), e.g. {@code repository: skkuding/codedang}; the other
     *               parameters as a static token's
     */
    public record ClaimRule(Map<String, String> claims, List<String> environments, Set<Action> actions, List<String> namespaces,
                            List<String> hosts, Boolean privileged, Set<Tier> tiers, Quota quota, List<String> clusters) {
        public ClaimRule {
            claims = claims == null ? Map.of() : claims;
            environments = environments == null ? List.of() : environments;
            actions = actions == null ? Set.of() : actions;
        }

        public List<Grant> grants() {
            return Grant.of(environments, actions, Reach.of(namespaces, hosts, privileged, tiers, quota, clusters));
        }
    }
}
