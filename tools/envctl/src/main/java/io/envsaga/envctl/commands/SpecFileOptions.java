package io.envsaga.envctl.commands;

import io.envsaga.envctl.spec.SpecDocument;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -f FILE [--set name=value]...}: the spec a command sends, read and checked locally. */
public final class SpecFileOptions {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The spec, YAML or JSON; - reads stdin.")
    String file;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Fill the placeholder ${NAME} of the file (repeatable).")
    List<String> set = new ArrayList<>();

    SpecDocument read(EnvctlCommand root) {
        return SpecDocument.read(root.terminal().workingDirectory(), root.stdin(), file, set);
    }

    String file() {
        return file;
    }
}
