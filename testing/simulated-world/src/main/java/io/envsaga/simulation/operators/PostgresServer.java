package io.envsaga.simulation.operators;

import io.envsaga.simulation.net.Endpoint;

/**
 * A PostgreSQL server of one volume: what {@link SimulatedPostgres} runs for a claim, as the
 * StatefulSet's pod runs one server on its volume. It answers password logins (the superuser's
 * and the roles made on it); {@link #close()} stops it and loses its data.
 */
public interface PostgresServer extends AutoCloseable {

    /** Where it answers, as its superuser (the image's {@code POSTGRES_USER}), on database {@code postgres}. */
    Endpoint endpoint();

    @Override
    void close();
}
