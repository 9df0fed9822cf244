package io.envsaga.participant;

import io.envsaga.contracts.spec.Environment;
import java.util.function.Consumer;

/**
 * What a step is asked to do: the spec of one generation of an environment, and a way to report
 * progress.
 */
public final class StepContext {

    /** The three commands of the orchestrator. */
    public enum Command {
        APPLY, ROLLBACK, DELETE
    }

    private final Command command;
    private final Environment environment;
    private final String sagaId;
    private final long generation;
    private final int attempt;
    private final Consumer<String> progress;
    private final java.util.function.BooleanSupplier superseded;

    /** A context for calling a handler directly (tests, tools): saga "direct", first attempt, never superseded. */
    public static StepContext direct(Command command, Environment environment, long generation, Consumer<String> progress) {
        return new StepContext(command, environment, "direct", generation, 1, progress, () -> false);
    }

    StepContext(Command command, Environment environment, String sagaId, long generation, int attempt,
                Consumer<String> progress, java.util.function.BooleanSupplier superseded) {
        this.command = command;
        this.environment = environment;
        this.sagaId = sagaId;
        this.generation = generation;
        this.attempt = attempt;
        this.progress = progress;
        this.superseded = superseded;
    }

    public Command command() {
        return command;
    }

    /** The validated spec of this generation. */
    public Environment environment() {
        return environment;
    }

    public String sagaId() {
        return sagaId;
    }

    /**
     * The newest generation a release removes: everything, for a deletion; up to this generation,
     * for a rollback (a newer generation's objects are never the rollback's to remove).
     */
    public long releaseUpTo() {
        return command() == Command.DELETE ? Long.MAX_VALUE : generation();
    }

    public long generation() {
        return generation;
    }

    /** 1 for the first try, 2 for the first retry, and so on. */
    public int attempt() {
        return attempt;
    }

    /** Publishes a {@code step.<step>.progress} event, e.g. "client-api 2/3 available". */
    public void progress(String message) {
        progress.accept(message);
    }

    /**
     * True once a newer command for this environment has arrived: a long wait should stop (the
     * thread is also interrupted), its result will be dropped.
     */
    public boolean isSuperseded() {
        return superseded.getAsBoolean();
    }
}
