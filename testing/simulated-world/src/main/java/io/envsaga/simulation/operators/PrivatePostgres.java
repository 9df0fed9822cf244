package io.envsaga.simulation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL server of a test's own, with password authentication (scram-sha-256), from the
 * machine's PostgreSQL binaries: the shared server on 127.0.0.1:5432 trusts every local login,
 * so only a server like this one can refuse a wrong password. {@code initdb} into a temporary
 * directory, {@code postgres} on a free port; {@link #close()} stops it (a fast shutdown: open
 * sessions are ended, as when a pod is deleted) and removes the directory.
 * PostgreSQL refuses to run as root: as root (CI, containers) both run as the {@code postgres}
 * user through {@code setpriv}, which execs (so stopping the process stops the server).
 */
public final class PrivatePostgres implements PostgresServer {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path directory;
    private final int port;
    private final String superuser;
    private final String password;
    private final Process server;

    /** @throws IllegalStateException naming what to install when the binaries are not found */
    public PrivatePostgres(String superuser, String password) {
        this.superuser = superuser;
        this.password = password;
        Path bin = binaries();
        try {
            directory = Files.createTempDirectory("envsaga-pg-");
            Path passwordFile = directory.resolve("pwfile");
            Files.writeString(passwordFile, password + "\n");
            Path data = directory.resolve("data");
            if (ROOT) {
                var postgresUser = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(directory, postgresUser);
                Files.setOwner(passwordFile, postgresUser);
            }
            run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", superuser, "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--no-sync"));
            port = io.envsaga.simulation.net.FreePorts.take();
            server = new ProcessBuilder(asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                    "-k", directory.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("server.log").toFile()).start();
            try {
                Awaitility.await("PostgreSQL on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions().until(() -> {
                            try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), superuser, password)) {
                                return true;
                            }
                        });
            } catch (RuntimeException notStarted) {
                close(); // no server left behind by a start that did not finish (a timeout, an interrupt)
                throw notStarted;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** As {@link io.envsaga.simulation.net.Endpoint}, e.g. for {@link SimulatedPostgres}. */
    @Override
    public io.envsaga.simulation.net.Endpoint endpoint() {
        return new io.envsaga.simulation.net.Endpoint("127.0.0.1", port, superuser, password, "postgres", "private server");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String superuser() {
        return superuser;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        fastShutdown();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing depends on it being gone
        }
    }

    /** SIGINT, PostgreSQL's fast shutdown (Process.destroy's SIGTERM is a smart one, which waits for every client to leave). */
    private void fastShutdown() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).redirectErrorStream(true).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill on the PATH: the smart shutdown below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.destroy();
    }

    /** {@code initdb} on the PATH, else the newest Debian install (what scripts/services.sh installs). */
    static Path binaries() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "postgres"))) {
                return Path.of(dir);
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL's initdb and postgres are neither on the PATH nor under /usr/lib/postgresql;"
                + " install PostgreSQL (bash scripts/services.sh does)");
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new java.util.ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void run(List<String> command) throws IOException {
        Path log = directory.resolve("initdb.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
