package io.envsaga.contracts.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import tools.jackson.databind.JsonNode;

/** One role's RabbitMQ permissions (configure, write, read regular expressions) as docs/asyncapi.yaml gives them. */
record RolePermissions(String role, Pattern configure, Pattern write, Pattern read) {

    static RolePermissions of(AsyncApiDocument doc, JsonNode permissions, String role) {
        for (Map.Entry<String, JsonNode> entry : permissions.properties()) {
            for (Map<String, String> values : doc.bindingsOf(entry.getKey(), doc.root().at("/components/parameters"))) {
                if (AsyncApiDocument.substitute(entry.getKey(), values).equals(role)) {
                    JsonNode p = entry.getValue();
                    return new RolePermissions(role, pattern(p, "configure", values), pattern(p, "write", values), pattern(p, "read", values));
                }
            }
        }
        throw new AssertionError("no broker permissions for role " + role);
    }

    private static Pattern pattern(JsonNode permissions, String kind, Map<String, String> values) {
        return Pattern.compile(AsyncApiDocument.substitute(permissions.get(kind).asString(), values));
    }

    /**
     * What a role needs on the broker: configure for what it declares; write for the queues it
     * binds and the exchanges it sends to; read for the exchanges it binds to and the queues it
     * receives from, and for a queue declared with a dead-letter exchange read on the queue and write
     * on that exchange (RabbitMQ's rules for declare, bind, publish and consume).
     */
    record Needs(Set<String> configure, Set<String> write, Set<String> read) {

        static Needs of(AsyncApiDocument doc, String role, List<Declarable> declarables) {
            Needs needs = new Needs(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
            for (Declarable d : declarables) {
                if (d instanceof Exchange e) {
                    needs.configure.add(e.getName());
                } else if (d instanceof Queue q) {
                    needs.configure.add(q.getName());
                    Object deadLetters = q.getArguments().get("x-dead-letter-exchange");
                    if (deadLetters != null) {
                        // RabbitMQ checks a queue's dead-letter exchange at declaration: read on the queue, write on the exchange
                        needs.read.add(q.getName());
                        needs.write.add(deadLetters.toString());
                    }
                } else if (d instanceof Binding b) {
                    needs.write.add(b.getDestination());
                    needs.read.add(b.getExchange());
                }
            }
            for (JsonNode operation : doc.root().get("operations")) {
                JsonNode channel = doc.channelOf(operation);
                String template = operation.path("x-envsaga-role").asString("");
                for (Map<String, String> values : doc.bindingsOf(template, channel.get("parameters"))) {
                    if (!AsyncApiDocument.substitute(template, values).equals(role)) {
                        continue;
                    }
                    if ("send".equals(operation.get("action").asString())) {
                        needs.write.add(AsyncApiDocument.exchange(channel));
                    } else {
                        needs.read.add(AsyncApiDocument.substitute(channel.get("address").asString(), values));
                    }
                }
            }
            return needs;
        }
    }

    /** Allows everything needed, and nothing else of {@code everything} (the bus's exchanges and queues). */
    void assertAllows(Needs needs, Set<String> everything) {
        check("configure", configure, needs.configure(), everything);
        check("write", write, needs.write(), everything);
        check("read", read, needs.read(), everything);
    }

    private void check(String kind, Pattern pattern, Set<String> needed, Set<String> everything) {
        Set<String> allowed = new TreeSet<>();
        everything.stream().filter(name -> pattern.matcher(name).matches()).forEach(allowed::add);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeIf(name -> pattern.matcher(name).matches());
        assertThat(missing).as("%s of role %s (%s) must allow", kind, role, pattern).isEmpty();
        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(needed);
        assertThat(extra).as("%s of role %s (%s) must not allow", kind, role, pattern).isEmpty();
    }
}
