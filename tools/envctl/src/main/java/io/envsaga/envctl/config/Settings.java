package io.envsaga.envctl.config;

import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.Terminal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where envctl finds the server and its credentials: flags first, then the environment
 * ({@code ENVSAGA_URL}, {@code ENVSAGA_TOKEN}, {@code ENVSAGA_AMQP_URI}), then the files of the
 * nearest {@code .envsaga/} directory (the working directory or a parent), which the sandbox writes:
 * {@code url}, {@code token}, {@code amqp-uri} and {@code bus-prefix}.
 */
public final class Settings {

    public static final String DIRECTORY = ".envsaga";
    public static final String URL_ENV = "ENVSAGA_URL";
    public static final String TOKEN_ENV = "ENVSAGA_TOKEN";
    public static final String AMQP_URI_ENV = "ENVSAGA_AMQP_URI";
    public static final String BUS_PREFIX_ENV = "ENVSAGA_BUS_PREFIX";

    private final Terminal terminal;
    private final Path directory;

    public Settings(Terminal terminal) {
        this.terminal = terminal;
        this.directory = find(terminal.workingDirectory());
    }

    /** The server's root, e.g. {@code http://127.0.0.1:8080} (a trailing {@code /api/v1} is dropped). */
    public URI apiUrl(String flag) {
        String value = first(flag, URL_ENV, "url").orElseThrow(() -> EnvctlException.invalid(
                "no server: give --url, set " + URL_ENV + ", or run envctl where the sandbox wrote " + DIRECTORY + "/url"));
        String trimmed = value.strip().replaceAll("/+$", "").replaceAll("/api/v1$", "");
        try {
            URI uri = URI.create(trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw EnvctlException.invalid("the server URL '" + trimmed + "' is not an http(s) URL");
        }
    }

    /** The bearer token, if any (a token given as a flag wins over the environment and the sandbox's file). */
    public Optional<String> token(String flag) {
        return first(flag, TOKEN_ENV, "token").map(String::strip);
    }

    public String amqpUri(String flag) {
        return first(flag, AMQP_URI_ENV, "amqp-uri").map(String::strip).orElseThrow(() -> EnvctlException.invalid(
                "no broker: give --amqp-uri, set " + AMQP_URI_ENV + ", or run envctl where the sandbox wrote " + DIRECTORY + "/amqp-uri"));
    }

    /** The installation's bus prefix ({@code envsaga.bus.prefix}); {@code envsaga} when nothing says otherwise. */
    public String busPrefix(String flag) {
        return first(flag, BUS_PREFIX_ENV, "bus-prefix").map(String::strip).orElse("envsaga");
    }

    /** The {@code .envsaga} directory in use, if one was found. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    private Optional<String> first(String flag, String envName, String fileName) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag);
        }
        String env = terminal.env().get(envName);
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        if (directory == null) {
            return Optional.empty();
        }
        Path file = directory.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        } catch (IOException e) {
            throw EnvctlException.invalid("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Path find(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(DIRECTORY))) {
                return dir.resolve(DIRECTORY);
            }
        }
        return null;
    }
}
