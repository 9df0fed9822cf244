package io.envsaga.contracts.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that failed validation; the message lists every violation, one a line. */
public class InvalidSpecException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super("invalid environment spec:\n" + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
