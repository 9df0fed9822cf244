package io.envsaga.testsupport.kubernetes;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.simulation.operators.PostgresServers;
import io.envsaga.simulation.operators.SimulatedPostgres;
import io.envsaga.simulation.operators.SimulatedRabbitmqOperators;
import io.envsaga.testsupport.services.Containers;
import io.envsaga.testsupport.services.ServiceLocator;

/** Simulated operators backed by the servers the tests use (docs/development.md: where they come from). */
public final class TestOperators {

    private TestOperators() {
    }

    /** The RabbitMQ operators on the tests' broker, administrated through its management API. */
    public static SimulatedRabbitmqOperators rabbitmq(SimulatedCluster cluster, FixedEndpoints endpoints) {
        return new SimulatedRabbitmqOperators(cluster, endpoints,
                ServiceLocator.standard().locate(ServiceLocator.RABBITMQ, Containers::rabbitmq), managementPort());
    }

    /**
     * A PostgreSQL StatefulSet's pods, each volume backed by a server of its own from the machine's
     * binaries (as in a cluster, no environment meets another's roles or databases).
     */
    public static SimulatedPostgres postgres(SimulatedCluster cluster, FixedEndpoints endpoints) {
        return new SimulatedPostgres(cluster.client(), endpoints, PostgresServers.machineBinaries());
    }

    private static int managementPort() {
        String port = System.getenv("ENVSAGA_TEST_RABBITMQ_MANAGEMENT_PORT");
        return port == null ? 15672 : Integer.parseInt(port);
    }
}
