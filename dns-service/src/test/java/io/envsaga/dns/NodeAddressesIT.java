package io.envsaga.dns;

import static io.envsaga.dns.DnsServiceHarness.ZONE;
import static io.envsaga.dns.DnsServiceHarness.spec;
import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.route53.RecordSet;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.RabbitMqExtension;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Node IPs read from the cluster's Node objects: when they change, every managed record follows. */
class NodeAddressesIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @AutoClose
    static final Route53Stub route53 = new Route53Stub().start();

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    @Test
    void recordsPointAtTheNodesExternalElseInternalIpsAndFollowTheirChanges() {
        route53.createHostedZone(ZONE);
        node("node-1", "203.0.113.21", "10.0.0.1");
        node("node-2", null, "10.0.0.2");
        RecordSet manual = RecordSet.a("manual.codedang.com", 300, "198.51.100.3");
        route53.putRecord(ZONE, manual);

        try (ConfigurableApplicationContext service = new DnsServiceHarness(rabbit, route53).start(Map.of(
                "envsaga.dns.nodes.from-cluster", "true",
                "envsaga.dns.nodes.addresses", "",
                "envsaga.dns.nodes.api-server-url", cluster.url()));
             BusProbe probe = rabbit.probe()) {
            DnsServiceHarness harness = new DnsServiceHarness(rabbit, route53);
            harness.request(spec("ni-a"), 1);
            harness.request(spec("ni-b", ZONE, 60, "ni-b.codedang.com", "www.ni-b.codedang.com"), 1);
            probe.await(ofType(EventType.STEP_SUCCEEDED, "ni-a", 1));
            probe.await(ofType(EventType.STEP_SUCCEEDED, "ni-b", 1));
            assertThat(route53.record(ZONE, "ni-a.codedang.com", "A")).contains(RecordSet.a("ni-a.codedang.com", 300, "10.0.0.2", "203.0.113.21"));
            List<RecordSet> txtBefore = route53.records(ZONE).stream().filter(r -> r.type().equals("TXT")).toList();

            node("node-1", "203.0.113.99", "10.0.0.1");
            node("node-3", "203.0.113.30", "10.0.0.3");

            List<String> now = List.of("10.0.0.2", "203.0.113.30", "203.0.113.99");
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(route53.record(ZONE, "ni-a.codedang.com", "A")).contains(new RecordSet("ni-a.codedang.com", "A", 300, now));
                assertThat(route53.record(ZONE, "ni-b.codedang.com", "A")).contains(new RecordSet("ni-b.codedang.com", "A", 60, now));
                assertThat(route53.record(ZONE, "www.ni-b.codedang.com", "A")).contains(new RecordSet("www.ni-b.codedang.com", "A", 60, now));
            });
            assertThat(route53.record(ZONE, "manual.codedang.com", "A")).contains(manual);
            assertThat(route53.records(ZONE).stream().filter(r -> r.type().equals("TXT")).toList()).isEqualTo(txtBefore);
        }
    }

    @Test
    void configuredAddressesThatChangedWhileTheServiceWasDownAreAppliedToEveryManagedRecordAtStart() {
        route53.createHostedZone("codedang.dev");
        Map<String, String> before = Map.of("envsaga.dns.zones", "codedang.dev", "envsaga.dns.nodes.addresses", "203.0.113.10,203.0.113.11");
        RecordSet manual = RecordSet.a("manual.codedang.dev", 300, "198.51.100.3");
        route53.putRecord("codedang.dev", manual);
        DnsServiceHarness harness = new DnsServiceHarness(rabbit, route53);
        try (ConfigurableApplicationContext service = harness.start(before); BusProbe probe = rabbit.probe()) {
            harness.request(spec("st-a", "codedang.dev", null, "st-a.codedang.dev"), 1);
            harness.request(spec("st-b", "codedang.dev", 90, "st-b.codedang.dev"), 1);
            probe.await(ofType(EventType.STEP_SUCCEEDED, "st-a", 1));
            probe.await(ofType(EventType.STEP_SUCCEEDED, "st-b", 1));
        }

        try (ConfigurableApplicationContext service = harness.start(Map.of("envsaga.dns.zones", "codedang.dev",
                "envsaga.dns.nodes.addresses", "203.0.113.50"))) {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(route53.record("codedang.dev", "st-a.codedang.dev", "A")).contains(RecordSet.a("st-a.codedang.dev", 300, "203.0.113.50"));
                assertThat(route53.record("codedang.dev", "st-b.codedang.dev", "A")).contains(RecordSet.a("st-b.codedang.dev", 90, "203.0.113.50"));
            });
            assertThat(route53.record("codedang.dev", "manual.codedang.dev", "A")).contains(manual);
        }
    }

    private static void node(String name, String external, String internal) {
        List<NodeAddress> addresses = new ArrayList<>();
        if (external != null) {
            addresses.add(new NodeAddress(external, "ExternalIP"));
        }
        addresses.add(new NodeAddress(internal, "InternalIP"));
        addresses.add(new NodeAddress(name, "Hostname"));
        Node node = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withAddresses(addresses).endStatus().build();
        if (cluster.client().nodes().withName(name).get() == null) {
            cluster.client().nodes().resource(node).create();
        } else {
            cluster.client().nodes().withName(name).editStatus(existing -> new NodeBuilder(existing)
                    .editStatus().withAddresses(addresses).endStatus().build());
        }
    }
}
