package io.envsaga.bench;

/** A benchmark that cannot run (a server missing, the jar not built): reported as one line, not a stack trace. */
public class BenchException extends RuntimeException {

    public BenchException(String message) {
        super(message);
    }
}
