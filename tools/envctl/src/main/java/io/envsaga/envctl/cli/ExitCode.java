package io.envsaga.envctl.cli;

/** envctl's exit codes: what CI scripts branch on. */
public final class ExitCode {

    /** Ready, deleted, valid, done. */
    public static final int OK = 0;
    /** Failed, rolled back, rejected, not found. */
    public static final int FAILED = 1;
    /** Invalid input or usage. */
    public static final int INVALID = 2;
    /** Gave up waiting. */
    public static final int TIMED_OUT = 3;
    /** Cannot reach the server or the broker, or not allowed. */
    public static final int UNREACHABLE = 4;

    private ExitCode() {
    }
}
