package io.envsaga.simulation.operators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, configured through its standard input
 * (nothing on disk: no config file, {@code --save "" --appendonly no}). Tells its listener when it
 * is ready to accept connections (its own log line) or when it exits, with what it printed last.
 */
final class RedisServerProcess {

    /** Redis' own log lines ("1234:M 23 Nov 2026 08:07:43.863 * ..."); anything else it prints is an error report. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d+:[CMSX] ");
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"),
            Path.of("/usr/sbin/redis-server"));

    interface Listener {
        void ready(RedisServerProcess process);

        void exited(RedisServerProcess process, int exitCode, String output);
    }

    private final Process process;
    private final int port;
    private volatile boolean stopped;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The redis-server binary on the PATH (or a usual place), or an error that says how to get one. */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "no redis-server binary on PATH: the simulated Redis operator runs a real redis-server per Redis object. "
                        + "Run scripts/services.sh (it installs Debian's redis-server package)"));
    }

    /** Starts {@code binary} (a redis-server) with {@code config} (redis.conf lines) on a free port. */
    static RedisServerProcess start(Path binary, String config, String name, Listener listener) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).redirectErrorStream(true);
        try {
            Process process = builder.start();
            RedisServerProcess server = new RedisServerProcess(process, port);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(config.getBytes(StandardCharsets.UTF_8));
            }
            Thread reader = new Thread(() -> server.follow(listener), "redis-server " + name + " :" + port);
            reader.setDaemon(true);
            reader.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + builder.command().get(0), e);
        }
    }

    int port() {
        return port;
    }

    /** Stops the server without saving (it has nothing to save) and waits for it. */
    void stop() {
        stopped = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    private void follow(Listener listener) {
        Deque<String> last = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last.addLast(line);
                if (last.size() > 20) {
                    last.removeFirst();
                }
                if (line.contains("Ready to accept connections") && !stopped) {
                    listener.ready(this);
                }
            }
            int code = process.waitFor();
            if (!stopped) {
                listener.exited(this, code, report(last));
            }
        } catch (IOException | InterruptedException e) {
            if (!stopped) {
                listener.exited(this, -1, e.toString());
            }
        }
    }

    /** What a kubelet keeps as the termination message of a failed container: the error report, else the last log line. */
    private static String report(Deque<String> lines) {
        List<String> errors = lines.stream().filter(l -> !LOG_LINE.matcher(l).find() && !l.isBlank()).toList();
        return errors.isEmpty() ? (lines.isEmpty() ? "" : lines.getLast()) : String.join("\n", errors);
    }

    private static int freePort() {
        return io.envsaga.simulation.net.FreePorts.take();
    }
}
