package io.envsaga.contracts.spec;

/**
 * One reason a spec was rejected: where (a path such as {@code spec.workloads[1].image}; empty for
 * the document as a whole) and why.
 */
public record Violation(String path, String message) {

    public Violation {
        path = path == null ? "" : path;
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
