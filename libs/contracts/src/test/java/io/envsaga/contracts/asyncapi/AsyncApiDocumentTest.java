package io.envsaga.contracts.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.events.TraceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Queue;
import tools.jackson.databind.JsonNode;

/**
 * docs/asyncapi.yaml against the code: the routing keys of {@link EventType}, the queues, queue
 * arguments and bindings of {@link BusTopology}, the payload classes field by field, and the
 * headers {@link EventCodec} writes. Something added to the code and not to the document (or the
 * other way round) fails here. The broker permissions per role are checked against what each
 * role declares and does. The parser's validation is {@link AsyncApiValidationTest}.
 */
class AsyncApiDocumentTest {

    static final BusTopology TOPOLOGY = BusTopology.defaults();
    final AsyncApiDocument doc = AsyncApiDocument.load();

    @Test
    void everyRoutingKeyIsAChannelOnItsExchangeCarryingItsType() {
        Set<String> code = new TreeSet<>();
        for (EventType type : EventType.values()) {
            code.add(TOPOLOGY.exchangeOf(type) + " " + address(type));
        }
        Set<String> documented = new TreeSet<>();
        Map<String, JsonNode> channelsByKey = new LinkedHashMap<>();
        doc.root().get("channels").properties().forEach(c -> {
            JsonNode channel = c.getValue();
            String exchange = AsyncApiDocument.exchange(channel);
            if ("routingKey".equals(AsyncApiDocument.kind(channel)) && !exchange.equals(TOPOLOGY.deadLetterExchange())) {
                documented.add(exchange + " " + channel.get("address").asString());
                channelsByKey.put(exchange + " " + channel.get("address").asString(), channel);
            }
        });
        assertThat(documented).as("routing keys (exchange, key) in docs/asyncapi.yaml").isEqualTo(code);

        for (EventType type : EventType.values()) {
            JsonNode channel = channelsByKey.get(TOPOLOGY.exchangeOf(type) + " " + address(type));
            List<String> names = new ArrayList<>();
            channel.get("messages").forEach(m -> names.add(doc.resolve(m).get("name").asString()));
            assertThat(names).as("the message of %s", type.bindingKey()).containsExactly(type.cloudEventType());
            if (type.isStepEvent()) {
                assertThat(doc.bindingsOf(channel.get("address").asString(), channel.get("parameters")))
                        .extracting(b -> b.get("step")).containsExactly(stepIds());
            }
        }
    }

    @Test
    void everyQueueWithItsArgumentsAndBindingsAndNoOther() {
        Map<String, String> code = new TreeMap<>();
        Map<String, Set<String>> codeBindings = new TreeMap<>();
        List<Declarable> declared = new ArrayList<>();
        for (Step step : Step.values()) {
            declared.addAll(TOPOLOGY.forStep(step).getDeclarables());
        }
        declared.addAll(TOPOLOGY.forOrchestrator().getDeclarables());
        declared.addAll(TOPOLOGY.forAudit().getDeclarables());
        for (Declarable d : declared) {
            if (d instanceof Queue q) {
                code.put(q.getName(), arguments(q.getArguments()));
            } else if (d instanceof Binding b && b.isDestinationQueue()) {
                codeBindings.computeIfAbsent(b.getDestination(), k -> new TreeSet<>()).add(b.getExchange() + " " + b.getRoutingKey());
            }
        }
        Map<String, String> documented = new TreeMap<>();
        Map<String, Set<String>> documentedBindings = new TreeMap<>();
        doc.root().get("channels").forEach(channel -> {
            if (!"queue".equals(AsyncApiDocument.kind(channel))) {
                return;
            }
            JsonNode queue = channel.path("x-envsaga-queue");
            for (Map<String, String> values : doc.bindingsOf(channel.get("address").asString(), channel.get("parameters"))) {
                String name = AsyncApiDocument.substitute(channel.get("address").asString(), values);
                Map<String, Object> args = new TreeMap<>();
                queue.path("arguments").properties().forEach(a -> args.put(a.getKey(), AsyncApiDocument.substitute(a.getValue().asString(), values)));
                documented.put(name, arguments(args));
                Set<String> bindings = new TreeSet<>();
                queue.path("bindings").forEach(b -> bindings.add(b.get("exchange").asString() + " "
                        + AsyncApiDocument.substitute(b.get("key").asString(), values)));
                documentedBindings.put(name, bindings);
            }
        });
        assertThat(code.keySet()).containsExactlyInAnyOrderElementsOf(TOPOLOGY.allQueues());
        code.put(TOPOLOGY.executorLease(Step.DNS), arguments(Map.of())); // dns-service's lease (DnsConfiguration)
        assertThat(documented).as("queues and their arguments in docs/asyncapi.yaml").isEqualTo(code);
        codeBindings.keySet().forEach(q -> documentedBindings.putIfAbsent(q, Set.of()));
        documentedBindings.entrySet().removeIf(e -> e.getValue().isEmpty() && !codeBindings.containsKey(e.getKey()));
        assertThat(documentedBindings).as("queue bindings in docs/asyncapi.yaml").isEqualTo(codeBindings);
    }

    @Test
    void everyPayloadFieldIsDocumentedAndNoOther() {
        PayloadSchemaCheck check = new PayloadSchemaCheck(doc);
        for (EventType type : EventType.values()) {
            JsonNode payload = message(type).get("payload");
            if (type.payloadType() == null) {
                assertThat(payload.get("$ref").asString()).as("the submission's body is the spec").endsWith(PayloadSchemaCheck.ENVIRONMENT_SCHEMA);
            } else {
                check.check(type.payloadType(), payload, type.bindingKey());
            }
        }
        assertThat(check.problems()).as("payloads of docs/asyncapi.yaml against Payloads").isEmpty();
        assertThat(AsyncApiDocument.FILE.resolveSibling(PayloadSchemaCheck.ENVIRONMENT_SCHEMA)).exists();
    }

    @Test
    void everyHeaderTheCodecWritesIsDocumentedAndNoOther() {
        for (EventType type : EventType.values()) {
            Set<String> code;
            if (type.payloadType() == null) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                for (String attribute : List.of(EventHeaders.ATTR_ID, EventHeaders.ATTR_SOURCE, EventHeaders.ATTR_SPEC_VERSION,
                        EventHeaders.ATTR_TYPE, EventHeaders.ATTR_SUBJECT, EventHeaders.ATTR_TIME)) {
                    attributes.put(attribute, "x");
                }
                code = new TreeSet<>(EventHeaders.of(attributes).keySet());
                code.add(EventHeaders.SDK_DATA_CONTENT_TYPE);
            } else {
                Event<?> sample = new Event<>("id", type, "/s", "env", Instant.EPOCH, "saga", 1, type.isStepEvent() ? Step.DNS : null, "stage", null,
                        new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=1"));
                code = new TreeSet<>(EventCodec.headersOf(sample).keySet());
            }
            JsonNode headers = doc.resolve(message(type).get("headers"));
            Set<String> documented = new TreeSet<>(headers.get("properties").propertyNames());
            assertThat(documented).as("headers of %s in docs/asyncapi.yaml", type.bindingKey()).isEqualTo(code);
            headers.path("required").forEach(r -> assertThat(documented).as("required header").contains(r.asString()));
        }
    }

    @Test
    void brokerPermissionsAllowEachRoleWhatItDeclaresAndDoesAndNothingElseOfTheBus() {
        Set<String> everything = new HashSet<>(TOPOLOGY.allQueues());
        everything.addAll(TOPOLOGY.allExchanges());
        everything.add(TOPOLOGY.executorLease(Step.DNS));
        Map<String, List<Declarable>> declares = new LinkedHashMap<>();
        declares.put("ci", List.of());
        List<Declarable> orchestrator = new ArrayList<>(TOPOLOGY.exchanges().getDeclarables());
        orchestrator.addAll(TOPOLOGY.all().getDeclarables()); // the whole bus, step queues included
        declares.put("orchestrator", orchestrator);
        for (Step step : Step.values()) {
            List<Declarable> service = new ArrayList<>(TOPOLOGY.exchanges().getDeclarables());
            service.addAll(TOPOLOGY.forStep(step).getDeclarables());
            declares.put("step-" + step.id(), service);
        }
        JsonNode permissions = doc.root().get("x-envsaga-broker-permissions");
        Set<String> rolesDocumented = new TreeSet<>();
        permissions.properties().forEach(r -> doc.bindingsOf(r.getKey(), doc.root().at("/components/parameters"))
                .forEach(v -> rolesDocumented.add(AsyncApiDocument.substitute(r.getKey(), v))));
        assertThat(rolesDocumented).isEqualTo(new TreeSet<>(declares.keySet()));

        declares.forEach((role, declarables) -> {
            RolePermissions rights = RolePermissions.of(doc, permissions, role);
            RolePermissions.Needs needs = RolePermissions.Needs.of(doc, role, declarables);
            if (role.equals("step-" + Step.DNS.id())) {
                needs.configure().add(TOPOLOGY.executorLease(Step.DNS)); // an exclusive queue: configure only
            }
            rights.assertAllows(needs, everything);
        });
    }

    private JsonNode message(EventType type) {
        JsonNode found = null;
        for (JsonNode m : doc.root().at("/components/messages")) {
            if (m.get("name").asString().equals(type.cloudEventType())) {
                found = m;
            }
        }
        assertThat(found).as("a message named %s", type.cloudEventType()).isNotNull();
        return found;
    }

    private static String address(EventType type) {
        return type.bindingKey().replace("*", "{step}");
    }

    private static String[] stepIds() {
        return java.util.Arrays.stream(Step.values()).map(Step::id).toArray(String[]::new);
    }

    private static String arguments(Map<String, Object> arguments) {
        Map<String, String> text = new TreeMap<>();
        arguments.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return text.toString();
    }
}
