package io.envsaga.envctl.commands;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.output.OutputFormat;
import io.envsaga.envctl.output.Table;
import io.envsaga.envctl.watch.Views;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The audit trail of an environment: every message about it, newest last. With --follow, new ones as they come,"
                + " until the environment settles (exit 0 ready or deleted, 1 failed).",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl history codedang-stage", "  envctl history codedang-pr-1234 --follow", "  envctl history codedang-stage -o json"})
public final class HistoryCommand implements Callable<Integer> {

    private static final Set<String> OUTCOMES = Set.of("environment.ready", "environment.failed", "environment.deleted");

    @ParentCommand
    EnvctlCommand root;

    @Parameters(paramLabel = "NAME", description = "The environment.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new messages until the environment settles.")
    boolean follow;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often --follow asks for new messages; default ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long --follow follows (exit 3 after it); default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table (default), json or yaml (with --follow: one JSON document per line for json).")
    OutputFormat output;

    @Override
    public Integer call() {
        if (output == OutputFormat.URL) {
            throw EnvctlException.invalid("history prints a table, json or yaml; -o url is for get");
        }
        ApiClient api = root.api();
        PrintWriter out = root.terminal().out();
        JsonNode records = api.history(name, null);
        if (!follow) {
            if (!output.print(records, out)) {
                table(records).print(out, true);
            }
            return ExitCode.OK;
        }
        Instant deadline = root.terminal().clock().instant().plus(timeout);
        long lastId = print(records, 0, out, true);
        while (true) {
            JsonNode view = api.get(name);
            String phase = Views.phase(view);
            JsonNode latest = api.history(name, null);
            lastId = print(latest, lastId, out, false);
            // the audit stores an outcome a moment after the state changes: settled means its record is printed too
            if (Set.of("ready", "failed", "deleted").contains(phase) && hasOutcome(latest, view)) {
                return phase.equals("failed") ? ExitCode.FAILED : ExitCode.OK;
            }
            if (root.terminal().clock().instant().isAfter(deadline)) {
                throw new EnvctlException(ExitCode.TIMED_OUT, "timed out: " + name + " did not settle in " + Views.human(timeout));
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                throw EnvctlException.unreachable("interrupted");
            }
        }
    }

    private long print(JsonNode records, long after, PrintWriter out, boolean header) {
        ArrayNode fresh = SpecMapper.json().createArrayNode();
        long last = after;
        for (JsonNode record : records) {
            long id = record.path("id").asLong();
            if (id > after) {
                fresh.add(record);
                last = Math.max(last, id);
            }
        }
        if (output == OutputFormat.JSON) {
            fresh.forEach(record -> out.println(SpecMapper.json().writeValueAsString(record)));
        } else if (output == OutputFormat.YAML) {
            fresh.forEach(record -> out.print(SpecMapper.yaml().writeValueAsString(record)));
        } else if (header || !fresh.isEmpty()) {
            table(fresh).print(out, header);
        }
        out.flush();
        return last;
    }

    private static boolean hasOutcome(JsonNode records, JsonNode view) {
        for (JsonNode record : records) {
            if (OUTCOMES.contains(record.path("routingKey").asString("")) && record.path("generation").asLong() == Views.generation(view)) {
                return true;
            }
        }
        return false;
    }

    private static Table table(JsonNode records) {
        Table table = new Table("TIME", "EVENT", "GENERATION", "FROM", "DETAIL");
        for (JsonNode record : records) {
            String from = record.path("userId").asString("");
            if (from.isEmpty()) {
                from = record.path("headers").path("cloudEvents_source").asString("");
            }
            table.row(record.path("receivedAt").asString(""), record.path("routingKey").asString(""),
                    record.path("generation").isNull() || record.path("generation").isMissingNode() ? "" : record.path("generation").asString(""),
                    from, detail(record));
        }
        return table;
    }

    /** The part of a message a person looks for: a reason, an expiry warning, a progress message, violations, outputs. */
    private static String detail(JsonNode record) {
        JsonNode body;
        try {
            body = SpecMapper.json().readTree(record.path("body").asString("{}"));
        } catch (JacksonException e) {
            return "";
        }
        if (body.has("reason")) {
            return body.path("reason").asString("");
        }
        if (body.has("expiresAt")) {
            return "expires at " + body.path("expiresAt").asString("") + " (" + body.path("limit").asString("") + " "
                    + body.path("after").asString("") + ")";
        }
        if (body.has("message")) {
            return body.path("message").asString("");
        }
        if (body.has("reasons")) {
            return Views.reasons(body).toString();
        }
        if (body.has("violations")) {
            StringBuilder s = new StringBuilder();
            body.path("violations").forEach(v -> s.append(v.path("path").asString("")).append(": ").append(v.path("message").asString("")).append("; "));
            return s.toString();
        }
        return body.path("skipped").asBoolean() ? "skipped" : "";
    }
}
