package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import io.envsaga.sandbox.qpid.QpidBrokerAdmin;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An AMQP 0-9-1 broker in-process: Apache Qpid Broker-J with an in-memory store, one virtual
 * host (the default, which a client asking for {@code /} gets) and the user guest/guest.
 *
 * <p>Two settings make envsaga's topology work on it: the bus declares quorum queues with
 * RabbitMQ's arguments ({@code x-queue-type}, {@code x-delivery-limit},
 * {@code x-single-active-consumer}), which Broker-J refuses unless
 * {@code queue.behaviourOnUnknownDeclareArgument=IGNORE}; and Broker-J resolves {@code classpath:}
 * URLs, which the JDK knows no handler for (see {@link ClasspathUrls}). What is lost on it:
 * RabbitMQ's delivery limit and single active consumer (one JVM has one consumer per queue anyway).
 *
 * <p>The broker's model is kept ({@link Running#admin()}): the simulated RabbitMQ operators make
 * environments' vhosts, users and permissions on it in-process ({@link QpidBrokerAdmin}).
 */
public final class EmbeddedBroker {

    private static final String AUTHENTICATION_PROVIDER = "plain";

    private EmbeddedBroker() {
    }

    /** The running broker: its administration for the simulated RabbitMQ operators, and how it stops. */
    public record Running(SystemLauncher launcher, QpidBrokerAdmin admin) implements AutoCloseable {
        @Override
        public void close() {
            admin.close();
            launcher.shutdown();
        }
    }

    public static Server start(Path workDirectory) {
        ClasspathUrls.install();
        int port = LocalServers.freePort();
        try {
            Files.createDirectories(workDirectory);
            Path config = workDirectory.resolve("qpid-config.json");
            Files.writeString(config, configuration(port));
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("type", "Memory");
            attributes.put("initialConfigurationLocation", config.toUri().toString());
            attributes.put("startupLoggedToSystemOut", false);
            attributes.put("context", Map.of("qpid.work_dir", workDirectory.toAbsolutePath().toString(),
                    "qpid.home_dir", workDirectory.toAbsolutePath().toString()));
            AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
            SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
                @Override
                public void onContainerResolve(SystemConfig<?> config) {
                    system.set(config);
                }
            });
            launcher.startup(attributes);
            Broker<?> broker = (Broker<?>) system.get().getContainer(Broker.class);
            QpidBrokerAdmin admin = new QpidBrokerAdmin(broker, AUTHENTICATION_PROVIDER,
                    new Subject(true, Set.of(launcher.getSystemPrincipal()), Set.of(), Set.of()));
            return new Server("RabbitMQ", "127.0.0.1", port, "guest", "guest",
                    "embedded AMQP broker (Apache Qpid Broker-J 10.1) on 127.0.0.1:" + port, true, new Running(launcher, admin));
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded broker did not start", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker did not start: " + e.getMessage(), e);
        }
    }

    static String configuration(int port) {
        return """
                {
                  "name": "envsaga-sandbox",
                  "modelVersion": "9.0",
                  "context": { "queue.behaviourOnUnknownDeclareArgument": "IGNORE" },
                  "authenticationproviders": [ {
                    "name": "%s", "type": "Plain", "secureOnlyMechanisms": [],
                    "users": [ { "name": "guest", "type": "managed", "password": "guest" } ]
                  } ],
                  "ports": [ {
                    "name": "AMQP", "port": %d, "bindingAddress": "127.0.0.1", "authenticationProvider": "%s",
                    "virtualhostaliases": [ { "name": "nameAlias", "type": "nameAlias" }, { "name": "defaultAlias", "type": "defaultAlias" } ]
                  } ],
                  "virtualhostnodes": [ {
                    "name": "default", "type": "Memory", "defaultVirtualHostNode": "true",
                    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
                  } ]
                }
                """.formatted(AUTHENTICATION_PROVIDER, port, AUTHENTICATION_PROVIDER);
    }
}
