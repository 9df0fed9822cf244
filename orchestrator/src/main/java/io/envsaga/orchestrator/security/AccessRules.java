package io.envsaga.orchestrator.security;

import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/** Checks a caller's grants against what it asks for. */
@Component
public class AccessRules {

    public boolean allows(Authentication caller, Action action, String environment) {
        if (caller == null) {
            return false;
        }
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (authority instanceof Grant grant && grant.allows(action, environment)) {
                return true;
            }
        }
        return false;
    }

    /** The caller's grants (a static token's, a JWT's claim rules', the admin's). */
    public List<Grant> grants(Authentication caller) {
        if (caller == null) {
            return List.of();
        }
        return caller.getAuthorities().stream().filter(Grant.class::isInstance).map(Grant.class::cast).toList();
    }

    public void check(Authentication caller, Action action, String environment) {
        if (!allows(caller, action, environment)) {
            throw new AccessDeniedException((caller == null ? "anonymous" : caller.getName()) + " may not "
                    + action.name().toLowerCase() + " environment '" + environment + "'");
        }
    }
}
