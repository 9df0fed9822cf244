package io.envsaga.orchestrator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One grant as orchestrator properties: a static token ({@code envsaga.orchestrator.security.tokens[i]})
 * or an intake submitter ({@code envsaga.orchestrator.intake.submitters[i]}), e.g.
 * {@code GrantConfig.token(0, "preview-ci", TOKEN).environments("codedang-pr-*").actions("read,apply").properties()}.
 */
final class GrantConfig {

    private final String prefix;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private GrantConfig(String prefix) {
        this.prefix = prefix;
    }

    /** A static token, stored as its SHA-256 as the configuration wants it. */
    static GrantConfig token(int index, String name, String token) {
        try {
            return new GrantConfig("envsaga.orchestrator.security.tokens[" + index + "].").set("name", name).set("sha256", JwtFixture.sha256(token));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A broker user that may submit through the intake. */
    static GrantConfig submitter(int index, String user) {
        return new GrantConfig("envsaga.orchestrator.intake.submitters[" + index + "].").set("user", user);
    }

    GrantConfig environments(String... globs) {
        return list("environments", globs);
    }

    GrantConfig hosts(String... globs) {
        return list("hosts", globs);
    }

    GrantConfig clusters(String... globs) {
        return list("clusters", globs);
    }

    /** e.g. {@code read,apply} */
    GrantConfig actions(String actions) {
        return set("actions", actions);
    }

    /** e.g. {@code preview} */
    GrantConfig tiers(String tiers) {
        return set("tiers", tiers);
    }

    /** Any other field of the grant, e.g. {@code quota.cpu}. */
    GrantConfig set(String field, String value) {
        properties.put(prefix + field, value);
        return this;
    }

    Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    private GrantConfig list(String field, String... values) {
        for (int i = 0; i < values.length; i++) {
            set(field + "[" + i + "]", values[i]);
        }
        return this;
    }
}
