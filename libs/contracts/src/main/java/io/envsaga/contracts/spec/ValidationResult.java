package io.envsaga.contracts.spec;

import java.util.List;

/** Either a valid environment or the list of every violation found. */
public record ValidationResult(Environment environment, List<Violation> violations) {

    public ValidationResult {
        violations = List.copyOf(violations);
        if (violations.isEmpty() && environment == null) {
            throw new IllegalArgumentException("a valid result needs an environment");
        }
    }

    public static ValidationResult valid(Environment environment) {
        return new ValidationResult(environment, List.of());
    }

    public static ValidationResult invalid(List<Violation> violations) {
        return new ValidationResult(null, violations);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** The environment, or an {@link InvalidSpecException} listing the violations. */
    public Environment orThrow() {
        if (!isValid()) {
            throw new InvalidSpecException(violations);
        }
        return environment;
    }
}
