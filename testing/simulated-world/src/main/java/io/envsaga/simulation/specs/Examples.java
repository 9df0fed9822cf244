package io.envsaga.simulation.specs;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's examples/ (read from the repository, as users read them), validated. */
public final class Examples {

    private Examples() {
    }

    /** e.g. {@code example("codedang-stage")}. */
    public static Environment example(String name) {
        try {
            return new EnvironmentValidator().validate(Files.readString(directory().resolve(name + ".yaml"))).orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** examples/ of the repository the test runs in (a module's directory or the root). */
    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples");
    }
}
