package io.envsaga.sandbox.qpid;

import io.envsaga.sandbox.qpid.PermissionRules.Permissions;
import io.envsaga.simulation.operators.BrokerAdmin;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.login.AccountNotFoundException;
import org.apache.qpid.server.model.AbstractConfigurationChangeListener;
import org.apache.qpid.server.model.AuthenticationProvider;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Exchange;
import org.apache.qpid.server.model.PasswordCredentialManagingAuthenticationProvider;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostAccessControlProvider;
import org.apache.qpid.server.model.VirtualHostNode;
import org.apache.qpid.server.security.SubjectExecutionContext;

/**
 * What the simulated RabbitMQ operators ask of a broker's administration, done on the embedded
 * Qpid Broker-J in-process, through its configured-object model (as its management would): a
 * RabbitMQ vhost is a virtual host node of type Memory with its virtual host of the same name
 * (which a client's Connection.Open names, through the AMQP port's name alias); a user is a
 * managed user of the broker's Plain authentication provider; a vhost's permissions are the rules
 * of a rule-based access control provider of its virtual host ({@link PermissionRules}), denying
 * what no rule allows. Every call runs as the broker's system principal.
 */
public final class QpidBrokerAdmin implements BrokerAdmin, AutoCloseable {

    static final String ACCESS_CONTROL = "rabbitmq-permissions";
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);

    private final Broker<?> broker;
    private final String authenticationProvider;
    private final Subject system;
    private final Map<String, Map<String, Permissions>> permissions = new HashMap<>();
    private final ExecutorService recompute = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "qpid-permission-rules");
        thread.setDaemon(true);
        return thread;
    });

    public QpidBrokerAdmin(Broker<?> broker, String authenticationProvider, Subject system) {
        this.broker = broker;
        this.authenticationProvider = authenticationProvider;
        this.system = system;
    }

    @Override
    public synchronized void putVhost(String vhost) {
        as(() -> {
            if (broker.getChildByName(VirtualHostNode.class, vhost) != null) {
                return null;
            }
            broker.createChild(VirtualHostNode.class, Map.of(ConfiguredObject.NAME, vhost, ConfiguredObject.TYPE, "Memory",
                    VirtualHostNode.VIRTUALHOST_INITIAL_CONFIGURATION, "{\"type\": \"Memory\"}"));
            VirtualHost<?> host = awaitActive(vhost);
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(ConfiguredObject.NAME, ACCESS_CONTROL);
            attributes.put(ConfiguredObject.TYPE, "RuleBased");
            attributes.put("defaultResult", "DENIED");
            attributes.put("rules", PermissionRules.rules(Map.of(), Set.of(), Set.of()));
            host.createChild(VirtualHostAccessControlProvider.class, attributes);
            host.addChangeListener(new AbstractConfigurationChangeListener() {
                @Override
                public void childAdded(ConfiguredObject<?> object, ConfiguredObject<?> child) {
                    topologyChanged(vhost, child);
                }

                @Override
                public void childRemoved(ConfiguredObject<?> object, ConfiguredObject<?> child) {
                    topologyChanged(vhost, child);
                }
            });
            return null;
        });
    }

    @Override
    public synchronized void deleteVhost(String vhost) {
        permissions.remove(vhost);
        as(() -> {
            VirtualHostNode<?> node = broker.getChildByName(VirtualHostNode.class, vhost);
            if (node != null) {
                node.delete();
            }
            return null;
        });
    }

    @Override
    public synchronized void putUser(String user, String password) {
        as(() -> {
            PasswordCredentialManagingAuthenticationProvider<?> users = accounts();
            if (users.getUsers().containsKey(user)) {
                users.setPassword(user, password);
            } else if (!users.createUser(user, password, Map.of())) {
                throw new IllegalStateException("Qpid Broker-J did not create user " + user);
            }
            return null;
        });
    }

    @Override
    public synchronized void deleteUser(String user) {
        as(() -> {
            try {
                accounts().deleteUser(user);
            } catch (AccountNotFoundException alreadyGone) {
                // nothing to delete
            }
            return null;
        });
    }

    @Override
    public synchronized void putPermissions(String vhost, String user, String configure, String write, String read) {
        permissions.computeIfAbsent(vhost, v -> new LinkedHashMap<>()).put(user, new Permissions(configure, write, read));
        applyRules(vhost);
    }

    @Override
    public synchronized void deletePermissions(String vhost, String user) {
        Map<String, Permissions> users = permissions.get(vhost);
        if (users != null && users.remove(user) != null) {
            applyRules(vhost);
        }
    }

    /** The virtual hosts there are now (the broker's own included), for tests and the start block. */
    public Set<String> vhosts() {
        return as(() -> broker.getChildren(VirtualHostNode.class).stream().map(ConfiguredObject::getName).collect(Collectors.toSet()));
    }

    /** The users of the broker's authentication provider now. */
    public Set<String> users() {
        return as(() -> Set.copyOf(accounts().getUsers().keySet()));
    }

    private void topologyChanged(String vhost, ConfiguredObject<?> child) {
        if ((child instanceof Queue<?> || child instanceof Exchange<?>) && !recompute.isShutdown()) {
            recompute.submit(() -> {
                synchronized (this) {
                    Map<String, Permissions> users = permissions.get(vhost);
                    if (users != null && PermissionRules.dependsOnNames(users.values())) {
                        applyRules(vhost);
                    }
                }
            });
        }
    }

    private void applyRules(String vhost) {
        as(() -> {
            VirtualHostNode<?> node = broker.getChildByName(VirtualHostNode.class, vhost);
            VirtualHost<?> host = node == null ? null : node.getVirtualHost();
            if (host == null) {
                throw new IllegalStateException("no virtual host " + vhost + " on the embedded broker");
            }
            Set<String> exchanges = host.getChildren(Exchange.class).stream().map(ConfiguredObject::getName).collect(Collectors.toSet());
            Set<String> queues = host.getChildren(Queue.class).stream().map(ConfiguredObject::getName).collect(Collectors.toSet());
            VirtualHostAccessControlProvider<?> provider = host.getChildByName(VirtualHostAccessControlProvider.class, ACCESS_CONTROL);
            provider.setAttributes(Map.of("rules", PermissionRules.rules(permissions.getOrDefault(vhost, Map.of()), exchanges, queues)));
            return null;
        });
    }

    private VirtualHost<?> awaitActive(String vhost) throws InterruptedException {
        long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
        while (true) {
            VirtualHostNode<?> node = broker.getChildByName(VirtualHostNode.class, vhost);
            VirtualHost<?> host = node == null ? null : node.getVirtualHost();
            if (host != null && host.getState() == State.ACTIVE) {
                return host;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("virtual host " + vhost + " of the embedded broker is not active after " + ACTIVE_WITHIN.toSeconds()
                        + " s (" + (host == null ? "no virtual host" : host.getState()) + ")");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private PasswordCredentialManagingAuthenticationProvider<?> accounts() {
        AuthenticationProvider<?> provider = broker.getChildByName(AuthenticationProvider.class, authenticationProvider);
        if (provider instanceof PasswordCredentialManagingAuthenticationProvider<?> managing) {
            return managing;
        }
        throw new IllegalStateException("the embedded broker has no password-managing authentication provider " + authenticationProvider);
    }

    private <T> T as(java.util.concurrent.Callable<T> action) {
        return SubjectExecutionContext.withSubjectUnchecked(system, action);
    }

    @Override
    public void close() {
        recompute.shutdownNow();
    }
}
