package io.envsaga.orchestrator.security;

import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;

/**
 * A right to do some actions on environments whose names match a pattern, and what such an
 * environment may reach ({@link Reach}). Carried as the authorities of an authenticated caller:
 * {@code envsaga:apply:codedang-*}.
 */
public record Grant(Action action, NamePattern environments, Reach reach) implements GrantedAuthority {

    static final String PREFIX = "envsaga:";

    public static List<Grant> of(List<String> environments, Set<Action> actions, Reach reach) {
        return environments.stream().flatMap(e -> actions.stream().map(a -> new Grant(a, new NamePattern(e), reach))).toList();
    }

    @Override
    public String getAuthority() {
        return PREFIX + action.name().toLowerCase() + ":" + environments.glob();
    }

    public boolean allows(Action wanted, String environment) {
        return action == wanted && environments.matches(environment);
    }
}
