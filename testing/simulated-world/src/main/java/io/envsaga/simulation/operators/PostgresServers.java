package io.envsaga.simulation.operators;

/**
 * How {@link SimulatedPostgres} gets a server for a new volume: one of its own, whose superuser
 * is the image's {@code POSTGRES_USER} with {@code POSTGRES_PASSWORD} (initdb's {@code --username}
 * and {@code --pwfile}). Tests use the machine's binaries ({@link #machineBinaries()}); the sandbox
 * on a bare machine, its embedded PostgreSQL.
 */
@FunctionalInterface
public interface PostgresServers {

    /**
     * Starts a new, empty server. Called once per volume, off the informers' threads; may take seconds.
     *
     * @param volume    {@code namespace/claim}, for names and messages
     * @param superuser the server's superuser
     * @param password  its password, which the server then checks (scram-sha-256)
     */
    PostgresServer start(String volume, String superuser, String password);

    /** {@link PrivatePostgres}: initdb and postgres from the machine's binaries. @throws IllegalStateException without them, saying what to install */
    static PostgresServers machineBinaries() {
        PrivatePostgres.binaries();
        return (volume, superuser, password) -> new PrivatePostgres(superuser, password);
    }

    /** Whether {@link #machineBinaries()} finds initdb and postgres on this machine. */
    static boolean machineHasBinaries() {
        try {
            PrivatePostgres.binaries();
            return true;
        } catch (IllegalStateException none) {
            return false;
        }
    }
}
