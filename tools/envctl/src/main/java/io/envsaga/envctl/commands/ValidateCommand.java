package io.envsaga.envctl.commands;

import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.spec.SpecDocument;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec file offline with the server's own validator: every violation with its path, line and column.",
        footerHeading = "%nExamples:%n",
        footer = {"  envctl validate -f examples/codedang-stage.yaml",
                "  envctl validate -f examples/codedang-preview.template.yaml --set pr=1234 --set tag=sha-0c1d2e3"})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    EnvctlCommand root;

    @Mixin
    SpecFileOptions spec;

    @Override
    public Integer call() {
        SpecDocument document = spec.read(root);
        root.terminal().out().println(spec.file() + ": valid (" + document.environment().name() + ")");
        root.terminal().out().flush();
        return ExitCode.OK;
    }
}
