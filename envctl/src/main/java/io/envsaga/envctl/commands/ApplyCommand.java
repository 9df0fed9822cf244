package io.envsaga.envctl.commands;

import io.envsaga.envctl.Envctl;
import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.output.OutputFormat;
import io.envsaga.envctl.spec.SpecDocument;
import io.envsaga.envctl.watch.Outcome;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Views;
import io.envsaga.envctl.watch.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Submit a spec through the REST API: its next generation is brought up. With --wait, follow it to the outcome.",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl apply -f examples/codedang-stage.yaml --wait",
                "  envctl apply -f examples/codedang-preview.template.yaml --set pr=1234 --set tag=pr-1234 --wait --timeout 15m",
                "  envctl apply -f spec.yaml --wait --plain        # one line per change, for logs"})
public final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    Envctl root;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The spec, YAML or JSON; - reads stdin.")
    String file;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Fill the placeholder ${NAME} of the file (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--wait", description = "Follow the environment until it is ready (exit 0) or failed (exit 1).")
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
        SpecDocument spec = SpecDocument.read(root.terminal().workingDirectory(), root.stdin(), file, set);
        ApiClient api = root.api();
        JsonNode accepted = api.submit(spec.bytes(), spec.json());
        if (!wait) {
            if (!output.print(accepted, root.terminal().out())) {
                root.terminal().out().println("accepted: " + accepted.path("name").asString() + " generation " + Views.generation(accepted));
                root.terminal().out().flush();
            }
            return ExitCode.OK;
        }
        Outcome outcome = new Waiter(api, root.terminal().clock()).await(Target.apply(accepted), timeout,
                output == OutputFormat.TABLE ? root.progress(plain) : Quiet.INSTANCE);
        if (output != OutputFormat.TABLE && outcome.view() != null && (output != OutputFormat.URL || outcome.exitCode() == ExitCode.OK)) {
            output.print(outcome.view(), root.terminal().out());
        }
        return outcome.exitCode();
    }
}
