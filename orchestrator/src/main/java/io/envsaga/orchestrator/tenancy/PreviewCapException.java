package io.envsaga.orchestrator.tenancy;

import org.springframework.security.access.AccessDeniedException;

/**
 * A new live preview past a cap ({@link PreviewCaps}): an {@link AccessDeniedException}, so that
 * the intake refuses it as any submission outside the grants ({@code environment.rejected}); the
 * API answers it 429.
 *
 * @param scope {@code identity} or {@code cluster}
 */
public class PreviewCapException extends AccessDeniedException {

    private final String scope;
    private final long live;
    private final int cap;

    PreviewCapException(String message, String scope, long live, int cap) {
        super(message);
        this.scope = scope;
        this.live = live;
        this.cap = cap;
    }

    public String scope() {
        return scope;
    }

    public long live() {
        return live;
    }

    public int cap() {
        return cap;
    }
}
