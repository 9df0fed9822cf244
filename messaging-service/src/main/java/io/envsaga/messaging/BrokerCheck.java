package io.envsaga.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Checks the environment's broker itself once the operators say ready: every exchange and queue
 * exists with the declared type and arguments (a passive declare, then the same declaration, which
 * the broker refuses with PRECONDITION_FAILED when they differ), and each user can publish,
 * consume and configure as its permissions say, and no more. Credentials are read from the
 * Secrets now and never logged or published. Probes leave nothing behind: publishes use a
 * routing key nothing is bound to (a fanout exchange is probed only for refusal), a queue holding
 * messages is not consumed from.
 */
public class BrokerCheck {

    private final KubernetesClient client;
    private final ServiceEndpoints endpoints;

    public BrokerCheck(KubernetesClient client, ServiceEndpoints endpoints) {
        this.client = client;
        this.endpoints = endpoints;
    }

    /** @return what was checked, e.g. "2 exchanges, 4 queues, 3 users" */
    public String check(Environment environment) {
        MessagingSpec messaging = environment.spec().messaging();
        String env = environment.name();
        InetSocketAddress address = endpoints.resolve(environment.namespace(), ConnectionNames.rabbitmqService(env), ConnectionNames.RABBITMQ_PORT);
        List<String> problems = new ArrayList<>();
        try (ProbeConnection admin = connect(address, messaging.vhost(), secret(environment, ConnectionNames.rabbitmqDefaultUserSecret(env)))) {
            for (MessagingSpec.Exchange e : messaging.exchanges()) {
                probe(admin, "exchange " + e.name(), ch -> ch.exchangeDeclarePassive(e.name()), problems, "is missing");
                probe(admin, "exchange " + e.name(), ch -> ch.exchangeDeclare(e.name(), e.type().name().toLowerCase(), true), problems, null);
            }
            for (MessagingSpec.Queue q : messaging.queues()) {
                Map<String, Object> arguments = new HashMap<>(q.arguments());
                arguments.put("x-queue-type", q.type().name().toLowerCase());
                probe(admin, "queue " + q.name(), ch -> ch.queueDeclarePassive(q.name()), problems, "is missing");
                probe(admin, "queue " + q.name(), ch -> ch.queueDeclare(q.name(), true, false, false, arguments), problems, null);
            }
            if (!problems.isEmpty()) {
                throw new StepFailure("the broker does not have the declared topology: " + String.join("; ", problems));
            }
            for (MessagingSpec.User user : messaging.users()) {
                checkUser(address, environment, user, admin, problems);
            }
        } catch (IOException | TimeoutException e) {
            throw new StepFailure("cannot check the broker " + ConnectionNames.rabbitmqService(env) + ": " + e.getMessage(), true);
        }
        if (!problems.isEmpty()) {
            throw new StepFailure("users' permissions on the broker differ from the spec: " + String.join("; ", problems));
        }
        return messaging.exchanges().size() + " exchanges, " + messaging.queues().size() + " queues, " + messaging.users().size() + " users";
    }

    private void checkUser(InetSocketAddress address, Environment environment, MessagingSpec.User user, ProbeConnection admin,
            List<String> problems)
            throws IOException, TimeoutException {
        MessagingSpec.Permissions permissions = user.permissions() == null ? new MessagingSpec.Permissions(null, null, null) : user.permissions();
        MessagingSpec messaging = environment.spec().messaging();
        try (ProbeConnection connection = connect(address, messaging.vhost(),
                secret(environment, ConnectionNames.rabbitmqUserSecret(environment.name(), user.name())))) {
            String who = "user " + user.name();
            for (MessagingSpec.Exchange e : messaging.exchanges()) {
                boolean may = matches(permissions.write(), e.name());
                if (may && e.type() == MessagingSpec.ExchangeType.FANOUT) {
                    continue; // a publish would be delivered: only a refusal is probed on a fanout exchange
                }
                expect(connection, who + " publishing to " + e.name(), may, ch -> {
                    ch.confirmSelect();
                    ch.basicPublish(e.name(), "envsaga.check." + UUID.randomUUID(), null, new byte[0]);
                    ch.waitForConfirmsOrDie(10_000);
                }, problems);
            }
            for (MessagingSpec.Queue q : messaging.queues()) {
                boolean may = matches(permissions.read(), q.name());
                if (may && admin.messageCount(q.name()) > 0) {
                    continue; // consuming could take a message
                }
                expect(connection, who + " consuming from " + q.name(), may, ch -> ch.basicCancel(ch.basicConsume(q.name(), false,
                        new DefaultConsumer(ch))), problems);
            }
            String probe = "envsaga.check." + UUID.randomUUID();
            expect(connection, who + " declaring a queue", matches(permissions.configure(), probe), ch -> {
                ch.queueDeclare(probe, false, false, true, Map.of());
                ch.queueDelete(probe);
            }, problems);
        }
    }

    private static void expect(ProbeConnection connection, String what, boolean allowed, ProbeConnection.Probe probe, List<String> problems)
            throws IOException {
        ProbeConnection.Refusal refusal = connection.attempt(probe);
        if (allowed && refusal != null) {
            problems.add(what + " is refused: " + refusal.text());
        } else if (!allowed && refusal == null) {
            problems.add(what + " is allowed, beyond its permissions");
        }
    }

    private static void probe(ProbeConnection connection, String what, ProbeConnection.Probe probe, List<String> problems, String meaning)
            throws IOException {
        ProbeConnection.Refusal refusal = connection.attempt(probe);
        if (refusal != null) {
            problems.add(what + " " + (meaning != null && refusal.code() == AMQP.NOT_FOUND ? meaning : refusal.text()));
        }
    }

    private static boolean matches(String regex, String name) {
        return !regex.isEmpty() && java.util.regex.Pattern.compile(regex).matcher(name).find();
    }

    private record Credentials(String username, String password) {
    }

    private Credentials secret(Environment environment, String name) {
        Secret secret = client.secrets().inNamespace(environment.namespace()).withName(name).get();
        if (secret == null) {
            throw new StepFailure("Secret " + environment.namespace() + "/" + name + " is missing: the operators have not written it", true);
        }
        return new Credentials(value(secret, "username"), value(secret, "password"));
    }

    private static String value(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key);
        }
        String data = secret.getData() == null ? null : secret.getData().get(key);
        if (data == null) {
            throw new StepFailure("Secret " + secret.getMetadata().getName() + " has no key " + key);
        }
        return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    }

    private static ProbeConnection connect(InetSocketAddress address, String vhost, Credentials credentials) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.getHostString());
        factory.setPort(address.getPort());
        factory.setVirtualHost(vhost);
        factory.setUsername(credentials.username());
        factory.setPassword(credentials.password());
        factory.setConnectionTimeout(10_000);
        factory.setAutomaticRecoveryEnabled(false);
        return new ProbeConnection(factory);
    }
}
