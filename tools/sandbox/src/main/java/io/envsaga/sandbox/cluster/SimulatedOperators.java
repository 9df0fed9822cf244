package io.envsaga.sandbox.cluster;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.sandbox.lifecycle.Started;
import io.envsaga.sandbox.servers.EmbeddedPostgres;
import io.envsaga.sandbox.servers.EnvironmentBroker;
import io.envsaga.sandbox.servers.EmbeddedRedis;
import io.envsaga.sandbox.servers.Servers;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.sandbox.servers.Server;
import io.envsaga.simulation.operators.SimulatedIngressControllers;
import io.envsaga.simulation.operators.SimulatedMinioOperator;
import io.envsaga.simulation.operators.PostgresServers;
import io.envsaga.simulation.operators.SimulatedPostgres;
import io.envsaga.simulation.operators.SimulatedRabbitmqOperators;
import io.envsaga.simulation.operators.SimulatedRedisOperator;
import io.envsaga.simulation.net.Endpoint;

/**
 * The operators of one of the sandbox's clusters: simulated-world's simulated operators, each backing the
 * objects a service makes with a real server and registering where it answers in the sandbox's
 * endpoints.
 */
public final class SimulatedOperators implements AutoCloseable {

    private final Started running = new Started("a simulated operator");

    private SimulatedOperators() {
    }

    /**
     * @param rabbitmq the broker behind environments' RabbitmqClusters (the bus's, or an embedded one of their own)
     * @param storage  whether the cluster runs the storage step (PostgreSQL and MinIO operators)
     */
    public static SimulatedOperators start(SimulatedCluster cluster, FixedEndpoints endpoints, Servers servers, EnvironmentBroker rabbitmq,
                                           boolean storage) {
        SimulatedOperators operators = new SimulatedOperators();
        // the RabbitMQ operators make vhosts, users and permissions through the broker's admin (RabbitMQ's management API, or
        // in-process on Qpid Broker-J), topology over AMQP
        Server broker = rabbitmq.server();
        Endpoint brokerEndpoint = new Endpoint(broker.host(), broker.port(), broker.username(), broker.password(), "/", broker.description());
        operators.running.push(new SimulatedRabbitmqOperators(cluster, endpoints, brokerEndpoint, rabbitmq.admin()));
        // a real redis-server process per Redis object: the machine's, else the one the embedded Redis ships
        // (with the embedded Redis, always the shipped binary: the sandbox then behaves as on a bare machine)
        SimulatedRedisOperator redis = null;
        if (!servers.redis().embedded()) {
            try {
                redis = new SimulatedRedisOperator(cluster, endpoints);
            } catch (IllegalStateException noRedisServerOnPath) {
                // the shipped binary below
            }
        }
        operators.running.push(redis != null ? redis : new SimulatedRedisOperator(cluster, endpoints, EmbeddedRedis.binary()));
        // the environment's PostgreSQL "pod": a server of its own per volume, as a StatefulSet gives each environment (none
        // meets another's roles or databases): the machine's initdb and postgres with the local servers when it has them,
        // else the embedded PostgreSQL's binaries (always with --embedded: as on a bare machine); MinIO an in-process S3 server
        if (storage) {
            PostgresServers postgres = !servers.postgres().embedded() && PostgresServers.machineHasBinaries()
                    ? PostgresServers.machineBinaries() : EmbeddedPostgres.perVolume();
            operators.running.push(new SimulatedPostgres(cluster.client(), endpoints, postgres));
            operators.running.push(new SimulatedMinioOperator(cluster, endpoints));
        }
        // Traefik's Gateway provider (the Gateway traefik/traefik-gateway, open to all namespaces) and cert-manager
        operators.running.push(new SimulatedIngressControllers(cluster.client()));
        return operators;
    }

    @Override
    public void close() {
        running.close();
    }
}
