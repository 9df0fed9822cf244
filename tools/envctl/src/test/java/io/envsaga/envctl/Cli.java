package io.envsaga.envctl;

import io.envsaga.envctl.cli.Terminal;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs envctl in this JVM as a person (a terminal) or CI (no terminal) would, capturing what it prints. */
final class Cli {

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final java.util.concurrent.ExecutorService THREADS = io.envsaga.testsupport.concurrency.TestThreads.forBlockingSteps();

    private final Map<String, String> env = new HashMap<>();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private boolean tty;
    private String stdin = "";

    static Cli against(String url, String token) {
        Cli cli = new Cli();
        cli.env.put("ENVSAGA_URL", url);
        if (token != null) {
            cli.env.put("ENVSAGA_TOKEN", token);
        }
        return cli;
    }

    static Cli bare() {
        return new Cli();
    }

    Cli tty(boolean value) {
        this.tty = value;
        return this;
    }

    Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Cli in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), tty, Map.copyOf(env), workingDirectory,
                Clock.systemUTC());
        int code = Envctl.run(terminal, new ByteArrayInputStream(stdin.getBytes()), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Starts envctl on a thread of its own; {@link Running#out()} shows what it printed so far. */
    Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), tty, Map.copyOf(env), workingDirectory,
                Clock.systemUTC());
        java.util.concurrent.CompletableFuture<Run> result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int code = Envctl.run(terminal, new ByteArrayInputStream(stdin.getBytes()), args);
            return new Run(code, out.toString(), err.toString());
        }, THREADS);
        return new Running(out, result);
    }

    record Running(StringWriter output, java.util.concurrent.CompletableFuture<Run> result) {
        String out() {
            return output.toString();
        }

        Run await() {
            return result.orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    /** The repository's root (examples/ and bin/ live there). */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples")) && Files.isDirectory(dir.resolve("bin"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (examples/ and bin/) above " + Path.of("").toAbsolutePath());
    }
}
