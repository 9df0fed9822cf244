package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Opstree Redis operator for the test cluster, backed by real Redis: each standalone
 * {@code Redis} (redis.redis.opstreelabs.in/v1beta2) gets a real {@code redis-server} on a free
 * port of 127.0.0.1, configured as the operator's image would be (the operator's base settings,
 * {@code requirepass} from the Secret of {@code kubernetesConfig.redisSecret}, then the
 * ConfigMap of {@code redisConfig.additionalRedisConfig}), with nothing on disk. As the real
 * operator, it writes no status on the Redis (its status type is empty), adds its
 * {@code redisFinalizer}, and makes the StatefulSet, the Services and the pod {@code <name>-0},
 * whose status is the kubelet's: Ready once redis-server accepts connections; an invalid setting
 * makes redis-server exit, and the pod goes into CrashLoopBackOff after real restarts, with
 * redis-server's own report as the last termination message. A changed pod template (image,
 * annotations, password reference) restarts the server; a changed ConfigMap alone does not (as
 * in a cluster). Deleting the Redis stops its server. Each ready server is registered with the
 * given endpoints under the Service {@code <name>}, port 6379, and unregistered when it stops.
 */
public class SimulatedRedisOperator implements AutoCloseable {

    public static final ResourceDefinitionContext REDIS = new ResourceDefinitionContext.Builder().withGroup("redis.redis.opstreelabs.in")
            .withVersion("v1beta2").withKind("Redis").withPlural("redis").withNamespaced(true).build();
    static final String FINALIZER = "redisFinalizer";
    /** Restarts of a crashing redis-server by the simulated kubelet (the Kubernetes library fails a step at 3). */
    static final int RESTARTS = 3;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Path redisServer;
    private final KubernetesClient client;
    private final FixedEndpoints endpoints;
    private final RedisPods pods;
    // an object deleted meanwhile, a closing client: the next event reconciles again
    private final Reconciler reconciler = new Reconciler("simulated-redis-operator",
            e -> org.slf4j.LoggerFactory.getLogger(SimulatedRedisOperator.class).debug("reconcile failed: {}", e.toString()),
            java.time.Duration.ofSeconds(10));
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "simulated-redis-operator-shutdown");

    /** With the machine's redis-server. @throws IllegalStateException when there is none, saying how to install one */
    public SimulatedRedisOperator(SimulatedCluster cluster, FixedEndpoints endpoints) {
        this(cluster, endpoints, RedisServerProcess.binary());
    }

    /** @param redisServer the redis-server binary to run per Redis object (the sandbox's embedded one on a bare machine) */
    public SimulatedRedisOperator(SimulatedCluster cluster, FixedEndpoints endpoints, Path redisServer) {
        this.redisServer = redisServer;
        this.client = cluster.client();
        this.endpoints = endpoints;
        this.pods = new RedisPods(client);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        informers.add(client.genericKubernetesResources(REDIS).inAnyNamespace().inform(on(r -> submit(() -> reconcile(r)))));
        // a pod waiting for its Secret or ConfigMap starts once it appears, as the kubelet retries
        informers.add(client.secrets().inAnyNamespace().inform(on((Secret s) -> submit(() -> retryWaiting(s)))));
        informers.add(client.configMaps().inAnyNamespace().inform(on((ConfigMap c) -> submit(() -> retryWaiting(c)))));
    }

    /** The port of the redis-server behind a Redis, while it runs. */
    public OptionalInt port(String namespace, String name) {
        Instance instance = instances.get(namespace + "/" + name);
        RedisServerProcess process = instance == null ? null : instance.process;
        return process != null && process.alive() ? OptionalInt.of(process.port()) : OptionalInt.empty();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        reconciler.close();
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    // --- reconciling (one thread: the reconciler)

    private void reconcile(HasMetadata event) {
        String namespace = event.getMetadata().getNamespace();
        String name = event.getMetadata().getName();
        String key = namespace + "/" + name;
        GenericKubernetesResource redis = client.genericKubernetesResources(REDIS).inNamespace(namespace).withName(name).get();
        if (redis == null) {
            stop(key);
            return;
        }
        if (redis.getMetadata().getDeletionTimestamp() != null) {
            stop(key);
            pods.deleteOwned(redis);
            client.genericKubernetesResources(REDIS).inNamespace(namespace).withName(name)
                    .edit(r -> { r.getMetadata().getFinalizers().remove(FINALIZER); return r; });
            return;
        }
        if (!redis.getMetadata().getFinalizers().contains(FINALIZER)) {
            client.genericKubernetesResources(REDIS).inNamespace(namespace).withName(name)
                    .edit(r -> { r.getMetadata().getFinalizers().add(FINALIZER); return r; });
            return; // the update comes back as an event
        }
        String template = template(redis);
        Instance current = instances.get(key);
        if (current != null && current.template.equals(template)) {
            return;
        }
        stop(key);
        Instance instance = new Instance(template, redis);
        instances.put(key, instance);
        pods.ensureOwned(redis, instance.image());
        start(key, instance);
    }

    private void start(String key, Instance instance) {
        String config;
        try {
            config = RedisConfig.of(client, instance.redis);
        } catch (RedisConfig.Missing missing) {
            instance.waitingFor = missing;
            pods.waiting(instance.redis, instance.image(), instance.restarts, missing.reason(), missing.getMessage());
            return;
        }
        instance.waitingFor = null;
        pods.running(instance.redis, instance.image(), instance.restarts, false);
        instance.process = RedisServerProcess.start(redisServer, config, key, new RedisServerProcess.Listener() {
            @Override
            public void ready(RedisServerProcess process) {
                submit(() -> {
                    if (instances.get(key) == instance && instance.process == process) {
                        String namespace = instance.redis.getMetadata().getNamespace();
                        endpoints.register(namespace, instance.redis.getMetadata().getName(), OpstreeStandaloneObjects.PORT,
                                new InetSocketAddress("127.0.0.1", process.port()));
                        pods.running(instance.redis, instance.image(), instance.restarts, true);
                    }
                });
            }

            @Override
            public void exited(RedisServerProcess process, int exitCode, String output) {
                submit(() -> crashed(key, instance, process, exitCode, output));
            }
        });
    }

    private void crashed(String key, Instance instance, RedisServerProcess process, int exitCode, String output) {
        if (instances.get(key) != instance || instance.process != process) {
            return;
        }
        instance.process = null;
        instance.restarts++;
        pods.crashLoop(instance.redis, instance.image(), instance.restarts, exitCode, output);
        if (instance.restarts < RESTARTS) {
            start(key, instance); // the kubelet restarts the container (without its back-off: nothing to wait for here)
        }
    }

    private void retryWaiting(HasMetadata changed) {
        instances.forEach((key, instance) -> {
            if (instance.waitingFor != null && key.startsWith(changed.getMetadata().getNamespace() + "/")) {
                start(key, instance);
            }
        });
    }

    /** Stops a Redis' server; its Service no longer leads anywhere. */
    private void stop(String key) {
        Instance instance = instances.remove(key);
        if (instance != null && instance.process != null) {
            instance.process.stop();
        }
        if (instance != null) {
            endpoints.unregister(instance.redis.getMetadata().getNamespace(), instance.redis.getMetadata().getName(),
                    OpstreeStandaloneObjects.PORT);
        }
    }

    private void stopAll() {
        new ArrayList<>(instances.keySet()).forEach(this::stop);
    }

    private void submit(Runnable task) {
        reconciler.submit(task);
    }

    /** What the pod template is made of: a change restarts the pod. */
    private static String template(GenericKubernetesResource redis) {
        return SERIALIZATION.asJson(redis.getAdditionalProperties().get("spec")) + SERIALIZATION.asJson(redis.getMetadata().getAnnotations());
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> on(Consumer<T> handler) {
        return InformerHandlers.onChange(handler, handler);
    }

    /** One Redis' server as the kubelet runs it. */
    private static final class Instance {
        final String template;
        final GenericKubernetesResource redis;
        RedisServerProcess process;
        RedisConfig.Missing waitingFor;
        int restarts;

        Instance(String template, GenericKubernetesResource redis) {
            this.template = template;
            this.redis = redis;
        }

        String image() {
            return RedisConfig.image(redis);
        }
    }
}
