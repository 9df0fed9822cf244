package io.envsaga.dns;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts dns-service against the real broker (a topology of the test's own) and a Route53 stub,
 * and publishes the orchestrator's commands the way the orchestrator does.
 */
public final class DnsServiceHarness {

    public static final String ZONE = "codedang.com";

    static {
        // the SDK's standard credential chain reads these first; dummy values for the stub
        System.setProperty("aws.accessKeyId", "AKIDENVSAGATEST");
        System.setProperty("aws.secretAccessKey", "not-a-secret");
    }

    private final RabbitMqExtension rabbit;
    private final Route53Stub route53;

    public DnsServiceHarness(RabbitMqExtension rabbit, Route53Stub route53) {
        this.rabbit = rabbit;
        this.route53 = route53;
    }

    /** Test-friendly timings: quick polls and backoffs; {@code overrides} as {@code key=value}. */
    public ConfigurableApplicationContext start(Map<String, String> overrides) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(Map.of(
                "server.port", "0",
                "spring.main.banner-mode", "off",
                "envsaga.dns.zones", ZONE,
                "envsaga.dns.nodes.addresses", "203.0.113.10,203.0.113.11",
                "envsaga.dns.route53.endpoint", route53.endpoint().toString(),
                "envsaga.dns.insync.first-poll", "50ms",
                "envsaga.dns.insync.max-poll-interval", "200ms",
                "envsaga.dns.retry.initial-backoff", "20ms",
                "envsaga.dns.retry.max-backoff", "200ms",
                "envsaga.participant.retry.initial-backoff", "50ms"));
        properties.put("envsaga.participant.retry.max-backoff", "500ms");
        properties.put("envsaga.dns.executor.takeover-interval", "200ms");
        properties.put("envsaga.dns.rate-limit.burst", "50");
        properties.put("envsaga.dns.rate-limit.requests-per-second", "50");
        properties.putAll(overrides);
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(DnsServiceApplication.class).run(args.toArray(String[]::new));
    }

    public String request(Environment spec, long generation) {
        String saga = "saga-" + spec.name() + "-" + UUID.randomUUID();
        publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", spec.name(), saga, generation, null,
                new Payloads.EnvironmentRequested(spec)));
        return saga;
    }

    public void delete(Environment spec, long generation) {
        publish(Event.of(EventType.ENVIRONMENT_DELETION_REQUESTED, "/test", spec.name(), "saga-" + spec.name(), generation, null,
                new Payloads.EnvironmentDeletionRequested(spec)));
    }

    public void publish(Event<?> event) {
        RabbitTemplate template = rabbit.rabbitTemplate();
        template.send(rabbit.topology().eventsExchange(), event.routingKey(), EventCodec.toMessage(event));
    }

    /** A preview environment with these hosts in {@code zone}. */
    public static Environment spec(String name, String zone, Integer ttl, String... hosts) {
        return preview(name, "  dns: { zone: %s, hosts: [%s]%s }\n".formatted(zone, String.join(", ", hosts), ttl == null ? "" : ", ttl: " + ttl));
    }

    /** A preview environment without {@code spec.dns}. */
    public static Environment specWithoutDns(String name) {
        return preview(name, "");
    }

    private static Environment preview(String name, String dns) {
        return new EnvironmentValidator().validate("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: preview
                %s  workloads:
                    - { name: frontend, image: ghcr.io/skkuding/codedang-frontend:pr-1, port: 5525 }
                """.formatted(name, dns)).orThrow();
    }

    public static Environment spec(String name) {
        return spec(name, ZONE, null, name + "." + ZONE);
    }
}
