package io.envsaga.orchestrator.tenancy;

import org.springframework.security.access.AccessDeniedException;

/**
 * A submission past its identity's quota: which limit, what the identity holds already, what the
 * spec asks and the limit. An {@link AccessDeniedException}, so that whoever refuses a submission
 * outside the grants (the intake) refuses this one too; the API answers it 429, not 403.
 *
 * @param resource {@code environments}, {@code cpu} or {@code memory}
 */
public class QuotaExceededException extends AccessDeniedException {

    private final String resource;
    private final String used;
    private final String asked;
    private final String limit;

    QuotaExceededException(String who, String environment, String resource, String used, String asked, String limit, String setting) {
        super(who + " may not hold more: environment '" + environment + "' asks " + asked + " " + resource + ", " + who + " holds "
                + used + " in its other live environments, and its quota is " + limit + " (" + setting + ")");
        this.resource = resource;
        this.used = used;
        this.asked = asked;
        this.limit = limit;
    }

    public String resource() {
        return resource;
    }

    public String used() {
        return used;
    }

    public String asked() {
        return asked;
    }

    public String limit() {
        return limit;
    }
}
