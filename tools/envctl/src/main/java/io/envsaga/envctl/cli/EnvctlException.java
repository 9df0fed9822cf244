package io.envsaga.envctl.cli;

/** A failure that ends the command with one line on stderr and an exit code; never a stack trace. */
public class EnvctlException extends RuntimeException {

    private final int exitCode;

    public EnvctlException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static EnvctlException invalid(String message) {
        return new EnvctlException(ExitCode.INVALID, message);
    }

    public static EnvctlException unreachable(String message) {
        return new EnvctlException(ExitCode.UNREACHABLE, message);
    }
}
