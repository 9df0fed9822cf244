package io.envsaga.dns;

import static io.envsaga.dns.DnsServiceHarness.ZONE;
import static io.envsaga.dns.DnsServiceHarness.spec;
import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.dns.batch.ExecutorLease;
import io.envsaga.dns.route53.Route53Dns;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;

/** Two replicas: one is the account's batch executor, the other calls Route53 never, until it takes over. */
class ExecutorLeaseIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @AutoClose
    static final Route53Stub route53 = new Route53Stub().start();

    @Test
    void onlyTheLeaseHolderConsumesAndCallsRoute53AndAnotherTakesOverWhenItGoes() {
        route53.createHostedZone(ZONE);
        DnsServiceHarness harness = new DnsServiceHarness(rabbit, route53);
        ConfigurableApplicationContext first = harness.start(Map.of());
        ConfigurableApplicationContext second = harness.start(Map.of());
        try (BusProbe probe = rabbit.probe()) {
            assertThat(lease(first).isHeld()).isTrue();
            assertThat(lease(second).isHeld()).isFalse();
            assertThat(first.getBean("stepCommandContainer", DirectMessageListenerContainer.class).isRunning()).isTrue();
            assertThat(second.getBean("stepCommandContainer", DirectMessageListenerContainer.class).isRunning()).isFalse();

            List<String> names = IntStream.range(0, 8).mapToObj(i -> "lease-" + i).toList();
            names.forEach(name -> harness.request(spec(name), 1));
            names.forEach(name -> probe.await(ofType(EventType.STEP_SUCCEEDED, name, 1)));

            assertThat(first.getBean(Route53Dns.class).calls()).containsKey("ChangeResourceRecordSets");
            assertThat(second.getBean(Route53Dns.class).calls()).isEmpty();

            first.close();
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> lease(second).isHeld());
            harness.request(spec("lease-after"), 1);
            probe.await(ofType(EventType.STEP_SUCCEEDED, "lease-after", 1));
            assertThat(route53.record(ZONE, "lease-after.codedang.com", "A")).isPresent();
            assertThat(second.getBean(Route53Dns.class).calls()).containsKey("ChangeResourceRecordSets");
        } finally {
            first.close();
            second.close();
        }
    }

    private static ExecutorLease lease(ConfigurableApplicationContext context) {
        return context.getBean(ExecutorLease.class);
    }
}
