package io.envsaga.contracts.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's examples/, read from the repository so that tests check what users read. */
public final class Examples {

    private Examples() {
    }

    public static Path dir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples");
    }

    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
