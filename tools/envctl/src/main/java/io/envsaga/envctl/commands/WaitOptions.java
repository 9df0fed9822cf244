package io.envsaga.envctl.commands;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.output.OutputFormat;
import io.envsaga.envctl.watch.Outcome;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Waiter;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code --wait --timeout --plain -o} of the commands that start a saga through the API (apply, delete). */
public final class WaitOptions {

    @Option(names = "--wait", description = "Follow the environment to the outcome: exit 0 when it is done, 1 when it failed.")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long --wait waits (exit 3 after it); default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--plain", description = "Plain lines, one per change, even on a terminal.")
    boolean plain;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "json, yaml or url: print the answer (with --wait, the final state) for scripts.")
    OutputFormat output;

    /**
     * After the server accepted: without --wait (or when there is nothing to wait for), its answer;
     * with it, the progress and the outcome of the target.
     */
    int finish(EnvctlCommand root, ApiClient api, JsonNode accepted, Target target, boolean alreadyDone, String line) {
        PrintWriter out = root.terminal().out();
        if (!wait || alreadyDone) {
            if (!output.print(accepted, out)) {
                out.println(line);
                out.flush();
            }
            return ExitCode.OK;
        }
        Outcome outcome = new Waiter(api, root.terminal().clock()).await(target, timeout,
                output == OutputFormat.TABLE ? root.progress(plain) : Quiet.INSTANCE);
        if (output != OutputFormat.TABLE && outcome.view() != null && (output != OutputFormat.URL || outcome.exitCode() == ExitCode.OK)) {
            output.print(outcome.view(), out);
        }
        return outcome.exitCode();
    }
}
