package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays a PostgreSQL StatefulSet's pod with the real PostgreSQL: for a StatefulSet whose
 * container takes {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD} from a Secret (as the official
 * image does), it does what the StatefulSet controller and the image's entrypoint would:
 * <ul>
 * <li>creates the claim of each volumeClaimTemplate ({@code <template>-<set>-0}, with the
 *     template's labels) when absent;</li>
 * <li>on a claim it has not initialised ("initdb"), creates the administrative role with the
 *     Secret's user name and password (LOGIN, CREATEDB, CREATEROLE; not a superuser, so that
 *     tests share the server safely); on a claim kept from before it changes nothing, as the image
 *     ignores the variables when PGDATA holds data: the password is the one of the first start;</li>
 * <li>registers the Service ({@code spec.serviceName}, port 5432) in the {@link FixedEndpoints};</li>
 * <li>marks the StatefulSet ready (observedGeneration, one ready, updated, current replica).</li>
 * </ul>
 * Deleting the claim loses the data: the role, the databases owned by it or by roles it was
 * granted, and those roles are dropped. {@link #close()} drops what is left and unregisters.
 */
public final class SimulatedPostgres implements AutoCloseable {

    private static final int PORT = 5432;

    private final KubernetesClient client;
    private final FixedEndpoints endpoints;
    private final Endpoint server;
    private final SharedIndexInformer<StatefulSet> sets;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    /** namespace/claim -> the role it holds, i.e. the "data" on the volume. */
    private final Map<String, String> data = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /** @param server the PostgreSQL that backs every pod, with an administrator that may create roles and drop databases */
    public SimulatedPostgres(KubernetesClient client, FixedEndpoints endpoints, Endpoint server) {
        this.client = client;
        this.endpoints = endpoints;
        this.server = server;
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(InformerHandlers.onDelete(claim -> {
            String role = data.remove(InformerHandlers.key(claim));
            if (role != null) {
                dropEverythingOf(role);
            }
        }));
        this.sets = client.apps().statefulSets().inAnyNamespace().inform(InformerHandlers.onChange(this::reconcile,
                set -> endpoints.unregister(set.getMetadata().getNamespace(), set.getSpec().getServiceName(), PORT)));
    }

    private synchronized void reconcile(StatefulSet set) {
        if (set.getMetadata().getDeletionTimestamp() != null || isReady(set)) {
            return;
        }
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        EnvVar user = env(container, "POSTGRES_USER");
        EnvVar password = env(container, "POSTGRES_PASSWORD");
        if (user == null || password == null) {
            return; // not a PostgreSQL set
        }
        String namespace = set.getMetadata().getNamespace();
        String username = secretValue(namespace, user);
        String pass = secretValue(namespace, password);
        if (username == null || pass == null) {
            return; // the pod waits in CreateContainerConfigError until the Secret exists
        }
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            String claimName = template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-0";
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
            if (claim == null) {
                Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
                claim = client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(claimName).withNamespace(namespace).withLabels(labels).endMetadata()
                        .withSpec(template.getSpec()).build()).create();
            }
            String key = namespace + "/" + claimName;
            if (!data.containsKey(key)) {
                initdb(username, pass);
                data.put(key, username);
            }
        }
        endpoints.register(namespace, set.getSpec().getServiceName(), PORT, server.host(), server.port());
        registered.add(namespace + "/" + set.getSpec().getServiceName());
        set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration()).withReplicas(1)
                .withReadyReplicas(1).withUpdatedReplicas(1).withCurrentReplicas(1).withAvailableReplicas(1).build());
        client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
    }

    private static boolean isReady(StatefulSet set) {
        return set.getStatus() != null && set.getStatus().getObservedGeneration() != null
                && set.getStatus().getObservedGeneration().equals(set.getMetadata().getGeneration())
                && Integer.valueOf(1).equals(set.getStatus().getReadyReplicas());
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName()) && e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null).findFirst().orElse(null);
    }

    private String secretValue(String namespace, EnvVar variable) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        String value = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    /** What the image's first start does: the user of POSTGRES_USER with the password of POSTGRES_PASSWORD. */
    private void initdb(String username, String password) {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + quote(username) + " LOGIN CREATEDB CREATEROLE PASSWORD '" + password.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("simulated initdb of role " + username + ": " + e.getMessage(), e);
        }
    }

    /** The volume is gone: the databases the role made (directly or through roles it was granted), those roles, and the role. */
    private void dropEverythingOf(String role) {
        try (Connection connection = admin()) {
            List<String> roles = new ArrayList<>(strings(connection, "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON m.member = a.oid"
                    + " JOIN pg_roles b ON m.roleid = b.oid WHERE a.rolname = ?", role));
            roles.add(role);
            for (String owner : roles) {
                for (String database : strings(connection, "SELECT datname FROM pg_database WHERE pg_get_userbyid(datdba) = ?", owner)) {
                    execute(connection, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
                }
            }
            for (String owned : roles) {
                execute(connection, "DROP ROLE IF EXISTS " + quote(owned));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping what role " + role + " made: " + e.getMessage(), e);
        }
    }

    private Connection admin() throws SQLException {
        String database = server.database() == null ? "postgres" : server.database();
        return DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database,
                server.username(), server.password() == null ? "" : server.password());
    }

    private static List<String> strings(Connection connection, String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The role a claim holds (the "data" on it), or null: tests look at what was initialised. */
    public String roleOn(String namespace, String claim) {
        return data.get(namespace + "/" + claim);
    }

    @Override
    public void close() {
        sets.close();
        claims.close();
        for (String key : registered) {
            String[] parts = key.split("/", 2);
            endpoints.unregister(parts[0], parts[1], PORT);
        }
        new ArrayList<>(data.values()).forEach(this::dropEverythingOf);
        data.clear();
    }
}
