package io.envsaga.simulation.operators;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.envsaga.simulation.net.Endpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a PostgreSQL StatefulSet's pod with a real PostgreSQL server of its own per volume, as a
 * StatefulSet gives each environment its own server: for a StatefulSet whose container takes
 * {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD} from a Secret (as the official image does), it
 * does what the StatefulSet controller and the image's entrypoint would:
 * <ul>
 * <li>creates the claim of each volumeClaimTemplate ({@code <template>-<set>-0}, with the
 *     template's labels) when absent;</li>
 * <li>on a claim it has not initialised (the first template's: PGDATA's volume), starts a new
 *     server for it ({@link PostgresServers}) whose superuser is {@code POSTGRES_USER} with
 *     {@code POSTGRES_PASSWORD}, and creates {@code POSTGRES_DB} (default: the user's name) unless
 *     it exists, as docker-library/postgres's {@code docker-entrypoint.sh} does on an empty PGDATA
 *     ({@code docker_init_database_dir}: {@code initdb --username="$POSTGRES_USER"
 *     --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD")}, then {@code docker_setup_db}); on a claim
 *     kept from before it changes nothing, as the entrypoint skips initialisation when
 *     {@code $PGDATA/PG_VERSION} exists ({@code docker_setup_env}): the server, its data and the
 *     password of its first start stay;</li>
 * <li>registers the Service ({@code spec.serviceName}, port 5432) in the {@link FixedEndpoints} at
 *     that claim's server, and unregisters it when the StatefulSet goes;</li>
 * <li>marks the StatefulSet ready (observedGeneration, one ready, updated, current replica).</li>
 * </ul>
 * Deleting the claim loses the data: its server is stopped and its directory removed. A server
 * outlives its StatefulSet while the claim is kept (a stopped pod's volume, started again by the
 * next pod). Servers start on this operator's own thread, once per claim, never on an informer's.
 * {@link #close()} stops every server and unregisters.
 */
public final class SimulatedPostgres implements AutoCloseable {

    private static final int PORT = 5432;
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPostgres.class);

    private final KubernetesClient client;
    private final FixedEndpoints endpoints;
    private final PostgresServers servers;
    // a server that did not start, an object deleted meanwhile: the next event reconciles again
    private final Reconciler reconciler = new Reconciler("simulated-postgres", e -> LOG.warn("simulated PostgreSQL: {}", e.toString()),
            Duration.ofSeconds(60));
    private final SharedIndexInformer<StatefulSet> sets;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    /** namespace/claim -> the server on it, i.e. the data on the volume. */
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook = new Thread(this::stopAll, "simulated-postgres-shutdown");

    /** The server a claim holds, and the superuser it was initialised with. */
    private record Volume(String superuser, PostgresServer server) {
    }

    /** @param servers starts a server of its own for each new volume (the machine's binaries, or the sandbox's embedded PostgreSQL) */
    public SimulatedPostgres(KubernetesClient client, FixedEndpoints endpoints, PostgresServers servers) {
        this.client = client;
        this.endpoints = endpoints;
        this.servers = servers;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(InformerHandlers.onDelete(claim -> {
            String key = InformerHandlers.key(claim);
            submit(() -> lose(key));
        }));
        this.sets = client.apps().statefulSets().inAnyNamespace().inform(InformerHandlers.onChange(
                set -> submit(() -> reconcile(set.getMetadata().getNamespace(), set.getMetadata().getName())),
                set -> submit(() -> unregister(set.getMetadata().getNamespace(), set.getSpec().getServiceName()))));
    }

    // --- reconciling (one thread: the reconciler)

    private void reconcile(String namespace, String name) {
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (set == null || set.getMetadata().getDeletionTimestamp() != null || isReady(set)) {
            return;
        }
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        EnvVar user = secretEnv(container, "POSTGRES_USER");
        EnvVar password = secretEnv(container, "POSTGRES_PASSWORD");
        if (user == null || password == null || set.getSpec().getVolumeClaimTemplates().isEmpty()) {
            return; // not a PostgreSQL set
        }
        String username = secretValue(namespace, user);
        String pass = secretValue(namespace, password);
        if (username == null || pass == null) {
            return; // the pod waits in CreateContainerConfigError until the Secret exists
        }
        List<String> claimKeys = new ArrayList<>();
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            claimKeys.add(namespace + "/" + claim(set, template).getMetadata().getName());
        }
        String pgdata = claimKeys.get(0);
        Volume volume = volumes.get(pgdata);
        if (volume == null) { // an empty PGDATA: the entrypoint's initialisation
            String database = plainEnv(container, "POSTGRES_DB", username);
            long started = System.nanoTime();
            PostgresServer server = servers.start(pgdata, username, pass);
            try {
                createDatabaseUnlessExists(server.endpoint(), database);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            volume = new Volume(username, server);
            volumes.put(pgdata, volume);
            LOG.info("PostgreSQL of {} started in {} ms on {}:{}", pgdata, (System.nanoTime() - started) / 1_000_000,
                    server.endpoint().host(), server.endpoint().port());
        }
        Endpoint at = volume.server().endpoint();
        endpoints.register(namespace, set.getSpec().getServiceName(), PORT, at.host(), at.port());
        registered.add(namespace + "/" + set.getSpec().getServiceName());
        set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration()).withReplicas(1)
                .withReadyReplicas(1).withUpdatedReplicas(1).withCurrentReplicas(1).withAvailableReplicas(1).build());
        client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
    }

    /** The claim of a template for the set's pod 0, made (with the template's and the selector's labels) when absent. */
    private PersistentVolumeClaim claim(StatefulSet set, PersistentVolumeClaim template) {
        String namespace = set.getMetadata().getNamespace();
        String claimName = template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-0";
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim != null) {
            return claim;
        }
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.putAll(set.getSpec().getSelector().getMatchLabels());
        return client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claimName).withNamespace(namespace).withLabels(labels).endMetadata()
                .withSpec(template.getSpec()).build()).create();
    }

    private static boolean isReady(StatefulSet set) {
        return set.getStatus() != null && set.getStatus().getObservedGeneration() != null
                && set.getStatus().getObservedGeneration().equals(set.getMetadata().getGeneration())
                && Integer.valueOf(1).equals(set.getStatus().getReadyReplicas());
    }

    private static EnvVar secretEnv(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName()) && e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null).findFirst().orElse(null);
    }

    private static String plainEnv(Container container, String name, String otherwise) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName()) && e.getValue() != null && !e.getValue().isEmpty())
                .map(EnvVar::getValue).findFirst().orElse(otherwise);
    }

    private String secretValue(String namespace, EnvVar variable) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        String value = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    /** The entrypoint's {@code docker_setup_db}: {@code CREATE DATABASE "$POSTGRES_DB"} unless it exists. */
    private static void createDatabaseUnlessExists(Endpoint server, String database) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres",
                server.username(), server.password())) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                exists = query.executeQuery().next();
            }
            if (!exists) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating POSTGRES_DB " + database + ": " + e.getMessage(), e);
        }
    }

    /** The claim is gone, and its data with it. */
    private void lose(String claim) {
        Volume volume = volumes.remove(claim);
        if (volume != null) {
            volume.server().close();
        }
    }

    private void unregister(String namespace, String service) {
        endpoints.unregister(namespace, service, PORT);
        registered.remove(namespace + "/" + service);
    }

    private void submit(Runnable task) {
        reconciler.submit(task);
    }

    /** The superuser a claim's server was initialised with (its data's), or null: tests look at what was initialised. */
    public String roleOn(String namespace, String claim) {
        Volume volume = volumes.get(namespace + "/" + claim);
        return volume == null ? null : volume.superuser();
    }

    /** Where the server of a claim answers, as its superuser, or null when the claim holds none (never initialised, or deleted). */
    public Endpoint serverOn(String namespace, String claim) {
        Volume volume = volumes.get(namespace + "/" + claim);
        return volume == null ? null : volume.server().endpoint();
    }

    private void stopAll() {
        for (String key : new ArrayList<>(volumes.keySet())) {
            lose(key);
        }
    }

    @Override
    public void close() {
        sets.close();
        claims.close();
        reconciler.close();
        for (String key : registered) {
            String[] parts = key.split("/", 2);
            endpoints.unregister(parts[0], parts[1], PORT);
        }
        registered.clear();
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
