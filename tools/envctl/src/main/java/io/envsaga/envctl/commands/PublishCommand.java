package io.envsaga.envctl.commands;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.envctl.cli.DurationConverter;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.publish.IntakePublisher;
import io.envsaga.envctl.spec.SpecDocument;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Submit a spec straight onto the intake exchange over AMQP, for CI that has broker credentials rather than an API token."
                + " Publisher confirms; with --wait, the outcome comes back on a direct reply-to.",
        footerHeading = "%nExamples:%n",
        footer = {"  ENVSAGA_AMQP_URI=amqps://ci-codedang:$PASSWORD@mq.example.com/ envctl publish -f stage.yaml --wait",
                "  envctl publish -f examples/codedang-preview.template.yaml --set pr=1234 --set tag=pr-1234"})
public final class PublishCommand implements Callable<Integer> {

    @ParentCommand
    EnvctlCommand root;

    @Mixin
    SpecFileOptions specFile;

    @Option(names = "--wait", description = "Wait for the outcome: ready (exit 0), failed or rejected (exit 1).")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long --wait waits (exit 3 after it); default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--bus-prefix", paramLabel = "PREFIX",
            description = "The installation's bus prefix (envsaga.bus.prefix); else ENVSAGA_BUS_PREFIX, else .envsaga/bus-prefix, else envsaga.")
    String busPrefix;

    @Option(names = "--source", paramLabel = "URI",
            description = "CloudEvents source; default /ci/github/<repository> in GitHub Actions, else /envctl.")
    String source;

    @Override
    public Integer call() {
        SpecDocument spec = specFile.read(root);
        BusTopology topology;
        try {
            topology = new BusTopology(root.settings().busPrefix(busPrefix), BusTopology.DEFAULT_DELIVERY_LIMIT);
        } catch (IllegalArgumentException e) {
            throw EnvctlException.invalid(e.getMessage());
        }
        PrintWriter out = root.terminal().out();
        try (IntakePublisher publisher = new IntakePublisher(root.amqpUri())) {
            String id = publisher.publish(topology, spec, source(), wait);
            out.println("published: " + spec.environment().name() + " (message " + id + ")");
            out.flush();
            if (!wait) {
                return ExitCode.OK;
            }
            Event<?> reply = publisher.awaitReply(id, timeout);
            if (reply == null) {
                throw new EnvctlException(ExitCode.TIMED_OUT, "timed out: no outcome for " + spec.environment().name() + " after "
                        + io.envsaga.envctl.watch.Views.human(timeout));
            }
            return report(reply, out);
        }
    }

    private static int report(Event<?> reply, PrintWriter out) {
        int code = ExitCode.FAILED;
        Object data = reply.data();
        if (data instanceof Payloads.EnvironmentReady ready) {
            out.println("ready: " + reply.subject() + " generation " + reply.generation());
            Map<String, String> workloads = ready.outputs().getOrDefault(Step.WORKLOADS, Map.of());
            if (workloads.containsKey("url")) {
                out.println("url: " + workloads.get("url"));
            }
            code = ExitCode.OK;
        } else if (data instanceof Payloads.EnvironmentFailed failed) {
            out.println("failed: " + reply.subject() + " generation " + reply.generation());
            failed.reasons().forEach(r -> out.println("  " + (r.step() == null ? "" : r.step().id() + ": ") + r.reason()));
        } else if (data instanceof Payloads.EnvironmentRejected rejected) {
            out.println("rejected: " + reply.subject());
            rejected.violations().forEach(v -> out.println("  " + v));
        } else if (data instanceof Payloads.EnvironmentDeleted) {
            out.println("deleted: " + reply.subject() + " was deleted before it was ready");
        } else {
            out.println("unexpected answer: " + reply.type().cloudEventType());
        }
        out.flush();
        return code;
    }

    private String source() {
        if (source != null) {
            return source;
        }
        String repository = root.terminal().env().get("GITHUB_REPOSITORY");
        return repository == null || repository.isBlank() ? "/envctl" : "/ci/github/" + repository;
    }
}
