package io.envsaga.envctl.commands;

import io.envsaga.envctl.Envctl;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.spec.SpecDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec file offline with the server's own validator: every violation with its path, line and column.",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl validate -f examples/codedang-stage.yaml",
                "  envctl validate -f examples/codedang-preview.template.yaml --set pr=1234 --set tag=sha-0c1d2e3"})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Envctl root;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The spec, YAML or JSON; - reads stdin.")
    String file;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Fill the placeholder ${NAME} of the file (repeatable).")
    List<String> set = new ArrayList<>();

    @Override
    public Integer call() {
        SpecDocument spec = SpecDocument.read(root.terminal().workingDirectory(), root.stdin(), file, set);
        root.terminal().out().println(file + ": valid (" + spec.environment().name() + ")");
        root.terminal().out().flush();
        return ExitCode.OK;
    }
}
