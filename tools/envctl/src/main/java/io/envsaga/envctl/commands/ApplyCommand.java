package io.envsaga.envctl.commands;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.spec.SpecDocument;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Submit a spec through the REST API: its next generation is brought up. With --wait, follow it to the outcome.",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl apply -f examples/codedang-stage.yaml --wait",
                "  envctl apply -f examples/codedang-preview.template.yaml --set pr=1234 --set tag=pr-1234 --wait --timeout 15m",
                "  envctl apply -f spec.yaml --wait --plain        # one line per change, for logs",
                "  envctl apply -f spec.yaml --idempotency-key \"$GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT\"   # a retried call submits once"})
public final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    EnvctlCommand root;

    @Mixin
    SpecFileOptions spec;

    @Mixin
    WaitOptions waiting;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Sent as Idempotency-Key: the same spec applied again under the same key is answered like the first time"
                    + " and starts no new generation, so a script that retries after a lost answer submits once."
                    + " A new attempt that should start a new generation needs a new key.")
    String idempotencyKey;

    @Override
    public Integer call() {
        SpecDocument document = spec.read(root);
        ApiClient api = root.api();
        JsonNode accepted = api.submit(document.bytes(), document.json(), idempotencyKey);
        return waiting.finish(root, api, accepted, Target.apply(accepted), false,
                "accepted: " + accepted.path("name").asString() + " generation " + Views.generation(accepted));
    }
}
