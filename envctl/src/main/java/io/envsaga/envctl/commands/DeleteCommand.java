package io.envsaga.envctl.commands;

import io.envsaga.envctl.Envctl;
import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.output.OutputFormat;
import io.envsaga.envctl.watch.Outcome;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Views;
import io.envsaga.envctl.watch.Waiter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Tear an environment down. With --wait, follow it until it is gone (exit 0) or could not be released (exit 1).",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl delete codedang-pr-1234 --wait", "  envctl delete codedang-pr-1234 --wait --plain --timeout 5m"})
public final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    Envctl root;

    @Parameters(paramLabel = "NAME", description = "The environment.")
    String name;

    @Option(names = "--wait", description = "Follow the deletion to its outcome.")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long --wait waits (exit 3 after it); default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--plain", description = "Plain lines, one per change, even on a terminal.")
    boolean plain;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "json or yaml: print the answer (with --wait, the final state) for scripts.")
    OutputFormat output;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        JsonNode accepted = api.delete(name);
        if (!wait || "deleted".equals(Views.phase(accepted))) {
            if (!output.print(accepted, root.terminal().out())) {
                root.terminal().out().println(("deleted".equals(Views.phase(accepted)) ? "deleted: " : "deleting: ") + name);
                root.terminal().out().flush();
            }
            return ExitCode.OK;
        }
        Outcome outcome = new Waiter(api, root.terminal().clock()).await(Target.deletion(accepted), timeout,
                output == OutputFormat.TABLE ? root.progress(plain) : Quiet.INSTANCE);
        if (output != OutputFormat.TABLE && outcome.view() != null && (output != OutputFormat.URL || outcome.exitCode() == ExitCode.OK)) {
            output.print(outcome.view(), root.terminal().out());
        }
        return outcome.exitCode();
    }
}
