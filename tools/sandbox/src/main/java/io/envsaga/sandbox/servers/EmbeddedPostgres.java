package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A PostgreSQL server process from the binaries shipped in {@code io.zonky.test.postgres}
 * (PostgreSQL 17), its data directory under the sandbox's directory, wiped at each start (the
 * Kubernetes API and the Route53 stub start empty too).
 */
public final class EmbeddedPostgres {

    private EmbeddedPostgres() {
    }

    public static Server start(Path dataDirectory) {
        int port = LocalServers.freePort();
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(true).start();
            return new Server("PostgreSQL", "127.0.0.1", port, "postgres", "", "embedded PostgreSQL 17 on 127.0.0.1:" + port
                    + " (data in " + dataDirectory + ")", true, postgres::close);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
        }
    }
}
