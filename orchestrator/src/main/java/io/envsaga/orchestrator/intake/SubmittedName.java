package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.spec.EnvironmentValidator;

/**
 * The {@code metadata.name} of a submitted document, as the validator reads it
 * ({@link EnvironmentValidator#nameOf}: the same parser, so that a document the validator accepts
 * is filed under the name the saga runs, and never under a header the submitter chose), also from
 * a spec that is otherwise invalid; {@link #UNKNOWN} when it names no valid environment.
 */
public final class SubmittedName {

    /** Where a submission whose document names no environment is filed. */
    public static final String UNKNOWN = "unknown";

    private SubmittedName() {
    }

    public static String of(EnvironmentValidator validator, byte[] document) {
        return validator.nameOf(document).orElse(UNKNOWN);
    }
}
