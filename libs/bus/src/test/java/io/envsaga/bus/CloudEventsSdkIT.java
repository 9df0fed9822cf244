package io.envsaga.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.spring.messaging.CloudEventMessageConverter;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitMessagingTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer that knows nothing of envsaga but the official CloudEvents SDK: every example of
 * docs/events.md, published to the real broker as shown there, is read by the SDK's Spring
 * messaging reader ({@link CloudEventMessageConverter}, through Spring AMQP's messaging template
 * as a {@code @RabbitListener} would) with every attribute and extension intact.
 */
class CloudEventsSdkIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> EXTENSIONS = Set.of(EventHeaders.ATTR_SAGA_ID, EventHeaders.ATTR_GENERATION, EventHeaders.ATTR_STEP);
    static Queue everything;

    @BeforeAll
    static void declare() {
        BusTopology topology = rabbit.topology();
        RabbitAdmin admin = rabbit.admin();
        topology.exchanges().getDeclarables().forEach(d -> {
            if (d instanceof org.springframework.amqp.core.Exchange e) {
                admin.declareExchange(e);
            }
        });
        everything = new Queue(topology.prefix() + ".sdk-consumer", false, false, false);
        admin.declareQueue(everything);
        for (String exchange : List.of(topology.intakeExchange(), topology.eventsExchange())) {
            admin.declareBinding(new Binding(everything.getName(), Binding.DestinationType.QUEUE, exchange, "#", null));
        }
    }

    @AfterAll
    static void delete() {
        rabbit.admin().deleteQueue(everything.getName());
    }

    @Test
    void everyDocumentedExampleIsReadByTheSdkWithEveryAttributeAndExtension() throws IOException {
        List<JsonNode> examples = documentedExamples();
        assertThat(examples).hasSize(EventType.values().length);
        RabbitTemplate template = rabbit.rabbitTemplate();
        template.setReceiveTimeout(30_000);
        RabbitMessagingTemplate sdkConsumer = new RabbitMessagingTemplate(template);
        sdkConsumer.setMessageConverter(new CloudEventMessageConverter());

        for (JsonNode example : examples) {
            Map<String, Object> headers = headersOf(example);
            String type = headers.get(EventHeaders.TYPE).toString();
            EventType eventType = EventType.ofCloudEventType(type).orElseThrow();
            template.send(rabbit.topology().exchangeOf(eventType), example.get("routingKey").asString(), messageOf(example, headers));

            CloudEvent event = sdkConsumer.receiveAndConvert(everything.getName(), CloudEvent.class);

            assertThat(event).as("the SDK reads %s", type).isNotNull();
            assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(event.getId()).isEqualTo(headers.get(EventHeaders.ID));
            assertThat(event.getSource()).hasToString(headers.get(EventHeaders.SOURCE).toString());
            assertThat(event.getType()).isEqualTo(type);
            assertThat(event.getSubject()).isEqualTo(headers.get(EventHeaders.SUBJECT));
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse(headers.get(EventHeaders.TIME).toString()));
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            Map<String, String> expectedExtensions = new HashMap<>();
            headers.forEach((name, value) -> {
                String attribute = name.substring(name.indexOf('_') + 1);
                if (name.startsWith(EventHeaders.PREFIX) && EXTENSIONS.contains(attribute)) {
                    expectedExtensions.put(attribute, value.toString());
                }
            });
            Map<String, String> extensions = new HashMap<>();
            event.getExtensionNames().forEach(name -> extensions.put(name, String.valueOf(event.getExtension(name))));
            assertThat(extensions).as("extensions of %s", type).isEqualTo(expectedExtensions);
            if (eventType != EventType.ENVIRONMENT_SUBMITTED) {
                assertThat(extensions).as("every event after the submission carries saga and generation")
                        .containsKeys(EventHeaders.ATTR_SAGA_ID, EventHeaders.ATTR_GENERATION);
            }
            if (eventType.isStepEvent()) {
                assertThat(extensions).containsKey(EventHeaders.ATTR_STEP);
            }
            assertThat(JSON.readTree(event.getData().toBytes())).as("data of %s", type).isEqualTo(example.get("body"));
        }
    }

    @Test
    void theSecondHeaderSetCostsAFewHundredBytesPerMessage() throws Exception {
        // measured for docs/events.md ("Headers"): the AMQP header table of each example, as written and with one prefix only
        List<String> lines = new ArrayList<>();
        for (JsonNode example : documentedExamples()) {
            Map<String, Object> headers = headersOf(example);
            Map<String, Object> preferredOnly = new HashMap<>(headers);
            preferredOnly.keySet().removeIf(h -> !h.startsWith(EventHeaders.PREFIX));
            long written = com.rabbitmq.client.impl.Frame.tableSize(headers);
            long alone = com.rabbitmq.client.impl.Frame.tableSize(preferredOnly);
            lines.add(example.get("routingKey").asString() + ": headers " + written + " B (cloudEvents_ alone " + alone
                    + " B), body " + JSON.writeValueAsBytes(example.get("body")).length + " B");
            assertThat(written).isLessThan(2 * alone + 200);
        }
        System.out.println(String.join("\n", lines));
    }

    /** The JSON examples between the generated markers of docs/events.md. */
    static List<JsonNode> documentedExamples() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/events.md"))) {
            dir = dir.getParent();
        }
        Matcher blocks = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(Files.readString(dir.resolve("docs/events.md")));
        List<JsonNode> examples = new ArrayList<>();
        while (blocks.find()) {
            JsonNode example = JSON.readTree(blocks.group(1));
            if (example.has("routingKey")) {
                examples.add(example);
            }
        }
        return examples;
    }

    static Map<String, Object> headersOf(JsonNode example) {
        Map<String, Object> headers = new HashMap<>();
        example.get("headers").properties().forEach(h -> headers.put(h.getKey(),
                h.getValue().isNumber() ? (Object) h.getValue().asLong() : h.getValue().asString()));
        return headers;
    }

    static Message messageOf(JsonNode example, Map<String, Object> headers) {
        var builder = MessageBuilder.withBody(JSON.writeValueAsBytes(example.get("body"))).setContentType("application/json");
        headers.forEach(builder::setHeader);
        return builder.build();
    }
}
