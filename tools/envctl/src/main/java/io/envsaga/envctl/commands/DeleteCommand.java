package io.envsaga.envctl.commands;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.watch.Target;
import io.envsaga.envctl.watch.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Tear an environment down. With --wait, follow it until it is gone (exit 0) or could not be released (exit 1).",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl delete codedang-pr-1234 --wait", "  envctl delete codedang-pr-1234 --wait --plain --timeout 5m"})
public final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    EnvctlCommand root;

    @Parameters(paramLabel = "NAME", description = "The environment.")
    String name;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        JsonNode accepted = api.delete(name);
        boolean gone = "deleted".equals(Views.phase(accepted));
        return waiting.finish(root, api, accepted, Target.deletion(accepted), gone, (gone ? "deleted: " : "deleting: ") + name);
    }
}
