package io.envsaga.testsupport.services;

import io.envsaga.contracts.spec.SpecMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The broker users and permissions of {@code deploy/rabbitmq/definitions.json}, made real on the
 * test broker for one test class: every name is moved under the class's bus prefix (users
 * {@code <prefix>-<user>}, exchanges and queues {@code <prefix>.…}), so that tests run each
 * service as the user production would give it, with exactly those rights.
 */
public final class BrokerDefinitions {

    public static final String PASSWORD = "test-password-of-a-service";

    private final Map<String, String> users = new LinkedHashMap<>();

    private BrokerDefinitions() {
    }

    /** Creates the file's users with its permissions and topic permissions, renamed for the extension's prefix. */
    public static BrokerDefinitions apply(RabbitMqExtension rabbit) {
        String prefix = rabbit.topology().prefix();
        JsonNode definitions = SpecMapper.json().readTree(read(file()));
        BrokerDefinitions applied = new BrokerDefinitions();
        for (JsonNode user : definitions.get("users")) {
            applied.users.put(user.get("name").asString(), prefix + "-" + user.get("name").asString());
        }
        java.util.List<BrokerUsers.User> created = new java.util.ArrayList<>();
        for (JsonNode permission : definitions.get("permissions")) {
            created.add(new BrokerUsers.User(applied.user(permission.get("user").asString()), PASSWORD,
                    applied.rename(permission.get("configure").asString(), prefix),
                    applied.rename(permission.get("write").asString(), prefix),
                    applied.rename(permission.get("read").asString(), prefix)));
        }
        java.util.List<BrokerUsers.Topic> topics = new java.util.ArrayList<>();
        for (JsonNode topic : definitions.get("topic_permissions")) {
            topics.add(new BrokerUsers.Topic(applied.user(topic.get("user").asString()),
                    topic.get("exchange").asString().replaceFirst("^envsaga\\.", prefix + "."),
                    topic.get("write").asString(), topic.get("read").asString()));
        }
        rabbit.users().createAll(created, topics);
        return applied;
    }

    /** The test's name of a user of the file, e.g. {@code envsaga-dns} -> {@code t-foo-1a2b3c-envsaga-dns}. */
    public String user(String name) {
        String renamed = users.get(name);
        if (renamed == null) {
            throw new IllegalArgumentException("no user " + name + " in deploy/rabbitmq/definitions.json");
        }
        return renamed;
    }

    private String rename(String regex, String prefix) {
        String renamed = regex.replace("envsaga\\.", prefix.replace(".", "\\.") + "\\.");
        for (Map.Entry<String, String> user : users.entrySet()) {
            renamed = renamed.replace("\\." + user.getKey(), "\\." + user.getValue());
        }
        return renamed;
    }

    private static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/rabbitmq/definitions.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/rabbitmq/definitions.json not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
