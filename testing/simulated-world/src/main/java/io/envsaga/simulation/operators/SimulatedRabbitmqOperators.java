package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.ValidatingWebhook;
import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.simulation.net.Endpoint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The RabbitMQ cluster operator ({@link RabbitmqClusterOperator}) and messaging topology operator
 * ({@link MessagingTopologyOperator}) on one reconciler thread, acting on the real RabbitMQ of the
 * tests: a {@code RabbitmqCluster} becomes a vhost namespace of its own on that broker (behind
 * an {@link AmqpVhostProxy} registered in {@link FixedEndpoints} as the cluster's Service), with a
 * default user whose real credentials are in {@code <cluster>-default-user}; {@code Vhost},
 * {@code Exchange}, {@code Queue}, {@code Binding}, {@code User} and {@code Permission} are made on
 * the broker (vhosts, users and permissions through a {@link BrokerAdmin}: RabbitMQ's management
 * API, or another broker's own administration; topology over AMQP), and their status is what the real operators write: {@code Ready=True}, or
 * {@code Ready=False} reason {@code FailedCreateOrUpdate} with the broker's own error. Deleting an
 * object deletes it on the broker; {@link #close()} removes every vhost and user it made. While
 * they run, the topology operator's validating webhooks ({@link TopologyWebhooks}) refuse the
 * updates the real ones refuse.
 */
public class SimulatedRabbitmqOperators implements AutoCloseable {

    public static final ResourceDefinitionContext CLUSTER = kind("RabbitmqCluster", "rabbitmqclusters");
    public static final ResourceDefinitionContext VHOST = kind("Vhost", "vhosts");
    public static final ResourceDefinitionContext EXCHANGE = kind("Exchange", "exchanges");
    public static final ResourceDefinitionContext QUEUE = kind("Queue", "queues");
    public static final ResourceDefinitionContext BINDING = kind("Binding", "bindings");
    public static final ResourceDefinitionContext USER = kind("User", "users");
    public static final ResourceDefinitionContext PERMISSION = kind("Permission", "permissions");

    private final KubernetesClient client;
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "simulated-rabbitmq-operators");
        thread.setDaemon(true);
        return thread;
    });
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    private final RabbitmqBroker broker;
    private final RabbitmqClusterOperator clusterOperator;
    private final MessagingTopologyOperator topologyOperator;
    private final SimulatedCluster cluster;
    private final List<ValidatingWebhook> webhooks = TopologyWebhooks.all();

    /** On the given broker (e.g. the sandbox's), administrated through its management API on {@code managementPort} of its host. */
    public SimulatedRabbitmqOperators(SimulatedCluster cluster, FixedEndpoints endpoints, Endpoint broker, int managementPort) {
        this(cluster, endpoints, broker, new ManagementApi(broker.host(), managementPort, broker.username(), broker.password()));
    }

    /**
     * On the given broker, administrated by {@code admin} (vhosts, users, permissions); topology is
     * declared over AMQP as {@code broker}'s user, who is given all permissions on each vhost made.
     */
    public SimulatedRabbitmqOperators(SimulatedCluster cluster, FixedEndpoints endpoints, Endpoint broker, BrokerAdmin admin) {
        this.client = cluster.client();
        this.cluster = cluster;
        webhooks.forEach(cluster.webhooks()::add); // installed with the operator, as its ValidatingWebhookConfiguration
        this.broker = new RabbitmqBroker(broker, admin, new BrokerTopology(broker.host(), broker.port(), broker.username(), broker.password()));
        this.clusterOperator = new RabbitmqClusterOperator(client, endpoints, this.broker);
        this.topologyOperator = new MessagingTopologyOperator(client, this.broker, clusterOperator);
        for (ResourceDefinitionContext kind : List.of(CLUSTER, VHOST, EXCHANGE, QUEUE, BINDING, USER, PERMISSION)) {
            informers.add(client.genericKubernetesResources(kind).inAnyNamespace().inform(handler(kind), 0));
        }
    }

    /** While held, new clusters stay not ready (pods starting) until {@link #releaseCluster}. */
    public SimulatedRabbitmqOperators holdClusters(boolean hold) {
        clusterOperator.holdClusters(hold);
        return this;
    }

    /** Lets a held cluster become ready, and topology that failed on it retry (as the topology operator requeues). */
    public void releaseCluster(String namespace, String name) {
        submit(() -> {
            if (clusterOperator.release(namespace, name)) {
                topologyOperator.retryWaiting();
            }
        });
    }

    /** The broker vhost that vhost {@code vhost} of cluster {@code namespace/name} is, for tests that look at the broker. */
    public String brokerVhost(String namespace, String cluster, String vhost) {
        return clusterOperator.brokerVhost(namespace, cluster, vhost);
    }

    /** RabbitMQ's management API, for tests that look at the broker (only when the operators were given one). */
    public ManagementApi management() {
        if (broker.admin() instanceof ManagementApi management) {
            return management;
        }
        throw new IllegalStateException("these operators administrate the broker with " + broker.admin().getClass().getSimpleName()
                + ", not RabbitMQ's management API");
    }

    public BrokerAdmin admin() {
        return broker.admin();
    }

    private ResourceEventHandler<GenericKubernetesResource> handler(ResourceDefinitionContext kind) {
        RabbitmqOperator operator = kind == CLUSTER ? clusterOperator : topologyOperator;
        return InformerHandlers.onChange(object -> submit(() -> operator.changed(kind, object)),
                object -> submit(() -> operator.deleted(kind, object)));
    }

    private void submit(Runnable work) {
        if (!reconciler.isShutdown()) {
            reconciler.submit(work);
        }
    }

    @Override
    public void close() {
        webhooks.forEach(cluster.webhooks()::remove);
        informers.forEach(SharedIndexInformer::close);
        reconciler.shutdown();
        try {
            reconciler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clusterOperator.close();
        broker.close();
    }

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("rabbitmq.com").withVersion("v1beta1").withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec ? (Map<String, Object>) spec : Map.of();
    }
}
