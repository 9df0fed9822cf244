package io.envsaga.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sandbox's directory ({@code .envsaga}): token, url, amqp-uri, bus-prefix, kubeconfig, each
 * readable by the owner only and without a final newline, so that {@code $(cat .envsaga/token)}
 * is the value.
 */
final class SandboxFiles {

    private final Path directory;

    /** Makes the directory if it is missing. */
    SandboxFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory + ": " + e.getMessage(), e);
        }
    }

    void write(String name, String content) {
        Path file = directory.resolve(name);
        try {
            Files.writeString(file, content);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The API token: 256 random bits, URL-safe. The sandbox is the only place that generates one. */
    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
