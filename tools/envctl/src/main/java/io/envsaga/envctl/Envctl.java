package io.envsaga.envctl;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.cli.Terminal;
import io.envsaga.envctl.commands.EnvctlCommand;
import io.envsaga.envctl.spec.SpecDocument;
import java.io.InputStream;
import picocli.CommandLine;

/** envctl: the command line of envsaga, for people and for CI. The entry point; the commands are in {@code commands}. */
public final class Envctl {

    private Envctl() {
    }

    public static void main(String[] args) {
        // Hibernate Validator logs through JBoss Logging, which would fall back to java.util.logging on stderr
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        System.exit(run(Terminal.system(), System.in, args));
    }

    /** Runs one command line; returns the exit code. Errors are one line on stderr. */
    public static int run(Terminal terminal, InputStream stdin, String... args) {
        CommandLine cli = new CommandLine(new EnvctlCommand(terminal, stdin));
        cli.setOut(terminal.out()).setErr(terminal.err()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof EnvctlException failure) {
                if (failure instanceof SpecDocument.InvalidFile invalid) {
                    terminal.err().println("envctl: " + invalid.getMessage());
                    invalid.lines().forEach(line -> terminal.err().println("  " + line));
                } else if (failure instanceof ApiClient.ProblemException problem) {
                    terminal.err().println("envctl: " + problem.getMessage());
                    problem.violations().forEach(line -> terminal.err().println("  " + line));
                } else {
                    terminal.err().println("envctl: " + failure.getMessage());
                }
                terminal.err().flush();
                return failure.exitCode();
            }
            terminal.err().println("envctl: unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            terminal.err().flush();
            return ExitCode.FAILED;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            terminal.err().println("envctl: " + e.getMessage() + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            terminal.err().flush();
            return ExitCode.INVALID;
        });
        return cli.execute(args);
    }
}
