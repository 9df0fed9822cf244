package io.envsaga.envctl.commands;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.watch.Outcome;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Waiter;
import java.time.Duration;
import io.envsaga.envctl.output.CleanWriter;
import io.envsaga.envctl.output.OutputFormat;
import io.envsaga.envctl.output.Table;
import io.envsaga.envctl.watch.Views;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Without NAME, a table of the environments you may read; with NAME, one environment's steps with state, reason, duration and outputs.",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl get", "  envctl get --cluster production", "  envctl get codedang-stage", "  envctl get codedang-stage --watch    # follow what it is doing now to its outcome", "  envctl get codedang-pr-1234 -o url", "  envctl get codedang-stage -o json | jq .steps.workloads"})
public final class GetCommand implements Callable<Integer> {

    @ParentCommand
    EnvctlCommand root;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The environment.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table (default), json, yaml, or url (only the address people open, for scripts).")
    OutputFormat output;

    @Option(names = {"-w", "--watch"}, description = "Follow the environment's current generation until it settles (exit 0 ready or deleted, 1 failed).")
    boolean watch;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long --watch watches (exit 3 after it); default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--plain", description = "With --watch: plain lines, one per change, even on a terminal.")
    boolean plain;

    @Option(names = "--cluster", paramLabel = "CLUSTER",
            description = "Without NAME: only the environments on this cluster (an unknown cluster is an error, exit 2).")
    String cluster;

    @Override
    public Integer call() {
        PrintWriter out = root.terminal().out();
        if (cluster != null && name != null) {
            throw EnvctlException.invalid("--cluster filters the list: give no NAME with it");
        }
        if (watch) {
            return watch();
        }
        if (name == null) {
            JsonNode list = root.api().list(cluster);
            if (!output.print(list, out)) {
                Table table = new Table("NAME", "CLUSTER", "PHASE", "GENERATION", "UPDATED", "URL");
                for (JsonNode view : list) {
                    table.row(view.path("name").asString(""), Views.cluster(view), Views.phase(view), Long.toString(Views.generation(view)),
                            view.path("updatedAt").asString(""), Views.url(view));
                }
                table.print(out);
            }
            return ExitCode.OK;
        }
        JsonNode view = root.api().get(name);
        if (!output.print(view, out)) {
            describe(view, out, root.terminal().clock().instant());
        }
        return ExitCode.OK;
    }

    private int watch() {
        if (name == null) {
            throw EnvctlException.invalid("--watch needs the environment's NAME");
        }
        ApiClient api = root.api();
        JsonNode now = api.get(name);
        boolean leaving = "deleting".equals(Views.phase(now)) || "deleted".equals(Views.phase(now));
        Target target = leaving ? Target.deletion(now) : Target.apply(now);
        Outcome outcome = new Waiter(api, root.terminal().clock()).await(target, timeout, root.progress(plain));
        return outcome.exitCode();
    }

    private static void describe(JsonNode view, PrintWriter terminal, Instant now) {
        PrintWriter out = new PrintWriter(new CleanWriter(terminal), true);
        out.println("name:       " + view.path("name").asString(""));
        out.println("cluster:    " + Views.cluster(view));
        out.println("phase:      " + Views.phase(view) + (view.path("restoring").asBoolean() ? " (restoring generation "
                + view.path("lastGoodGeneration").asLong() + ")" : ""));
        out.println("generation: " + Views.generation(view) + " (last good: " + view.path("lastGoodGeneration").asLong() + ")");
        out.println("saga:       " + Views.sagaId(view));
        String url = Views.url(view);
        if (!url.isEmpty()) {
            out.println("url:        " + url);
        }
        String expires = view.path("expiresAt").asString("");
        if (!expires.isEmpty()) {
            out.println("expires:    " + expires + " (unless applied again; docs/orchestrator.md, \"Expiry\")");
        }
        if (!Views.reasons(view).isEmpty()) {
            out.println("reasons:");
            Views.reasons(view).forEach(reason -> out.println("  " + reason));
        }
        out.println();
        Table table = new Table("STEP", "STATUS", "DURATION", "REASON", "OUTPUTS");
        for (Map.Entry<String, JsonNode> step : Views.steps(view)) {
            JsonNode s = step.getValue();
            String status = s.path("status").asString("");
            String reason = s.path("reason").asString("");
            if (reason.isEmpty() && Views.isRunning(status)) {
                reason = s.path("progress").asString("");
            }
            Map<String, String> outputs = new TreeMap<>();
            s.path("outputs").properties().forEach(e -> outputs.put(e.getKey(), e.getValue().asString("")));
            table.row(step.getKey(), status, Views.human(Views.duration(s, now, Views.isRunning(status))), reason,
                    outputs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        }
        table.print(out);
    }
}
