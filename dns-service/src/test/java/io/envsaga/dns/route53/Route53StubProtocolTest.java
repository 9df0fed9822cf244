package io.envsaga.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.simulation.route53.RecordSet;
import io.envsaga.simulation.route53.Route53Stub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** The stub speaks Route53's protocol well enough for the real SDK: shapes, semantics, errors. */
class Route53StubProtocolTest {

    private Route53Stub stub;
    private Route53Client client;
    private String zoneId;

    @BeforeEach
    void setUp() {
        stub = new Route53Stub().start();
        zoneId = stub.createHostedZone("codedang.com");
        stub.createHostedZone("other.org");
        client = StubClients.route53(stub);
    }

    @AfterEach
    void tearDown() {
        client.close();
        stub.close();
    }

    @Test
    void listHostedZonesByNameFindsTheZone() {
        List<HostedZone> zones = client.listHostedZonesByName(r -> r.dnsName("codedang.com")).hostedZones();

        assertThat(zones).first().satisfies(zone -> {
            assertThat(zone.name()).isEqualTo("codedang.com.");
            assertThat(zone.id()).isEqualTo("/hostedzone/" + zoneId);
            assertThat(zone.config().privateZone()).isFalse();
        });
        assertThat(stub.calls(Route53Stub.LIST_HOSTED_ZONES_BY_NAME)).isEqualTo(1);
    }

    @Test
    void createUpsertDeleteFollowRoute53Semantics() {
        change(ChangeAction.CREATE, a("www.codedang.com", 300, "203.0.113.1"));
        assertThat(stub.record("codedang.com", "www.codedang.com", "A")).contains(RecordSet.a("www.codedang.com", 300, "203.0.113.1"));

        assertThatThrownBy(() -> change(ChangeAction.CREATE, a("www.codedang.com", 300, "203.0.113.9")))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("Tried to create resource record set [name='www.codedang.com.', type='A'] but it already exists");

        change(ChangeAction.UPSERT, a("www.codedang.com", 60, "203.0.113.2", "203.0.113.3"));
        assertThat(stub.record("codedang.com", "www.codedang.com", "A")).contains(RecordSet.a("www.codedang.com", 60, "203.0.113.2", "203.0.113.3"));

        assertThatThrownBy(() -> change(ChangeAction.DELETE, a("www.codedang.com", 60, "203.0.113.2")))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("but the values provided do not match the current values");
        change(ChangeAction.DELETE, a("www.codedang.com", 60, "203.0.113.3", "203.0.113.2"));
        assertThat(stub.record("codedang.com", "www.codedang.com", "A")).isEmpty();

        assertThatThrownBy(() -> change(ChangeAction.DELETE, a("www.codedang.com", 60, "203.0.113.3")))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("but it was not found");
    }

    @Test
    void aBatchIsAllOrNothing() {
        stub.putRecord("codedang.com", RecordSet.a("taken.codedang.com", 300, "198.51.100.7"));

        assertThatThrownBy(() -> client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                        Change.builder().action(ChangeAction.CREATE).resourceRecordSet(a("fresh.codedang.com", 300, "203.0.113.1")).build(),
                        Change.builder().action(ChangeAction.CREATE).resourceRecordSet(a("taken.codedang.com", 300, "203.0.113.1")).build()))))
                .isInstanceOf(InvalidChangeBatchException.class);

        assertThat(stub.record("codedang.com", "fresh.codedang.com", "A")).isEmpty();
        assertThat(stub.record("codedang.com", "taken.codedang.com", "A")).contains(RecordSet.a("taken.codedang.com", 300, "198.51.100.7"));
    }

    @Test
    void badValuesAndForeignNamesAreRejectedLikeRoute53() {
        assertThatThrownBy(() -> change(ChangeAction.CREATE, ResourceRecordSet.builder().name("t.codedang.com").type("TXT").ttl(300L)
                .resourceRecords(r -> r.value("unquoted")).build()))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("Value should be enclosed in quotation marks");
        assertThatThrownBy(() -> change(ChangeAction.CREATE, a("x.codedang.com", 300, "999.1.1.1")))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("not a valid IPv4 address");
        assertThatThrownBy(() -> change(ChangeAction.CREATE, a("www.other.org", 300, "203.0.113.1")))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("is not permitted in zone codedang.com.");
    }

    @Test
    void tooManyRecordsInOneBatchIsRejected() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 501; i++) { // UPSERT counts twice: 1002 > 1000
            changes.add(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(a("h" + i + ".codedang.com", 300, "203.0.113.1")).build());
        }
        assertThatThrownBy(() -> client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(changes))))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("Number of records limit of 1000 exceeded");
    }

    @Test
    void listResourceRecordSetsPagesInRoute53Order() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 350; i++) {
            changes.add(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(a("h" + i + ".codedang.com", 300, "203.0.113.1")).build());
        }
        client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(changes)));

        List<String> names = new ArrayList<>();
        ListResourceRecordSetsResponse page = client.listResourceRecordSets(r -> r.hostedZoneId(zoneId));
        page.resourceRecordSets().forEach(s -> names.add(s.name() + " " + s.typeAsString()));
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.resourceRecordSets()).hasSize(300);
        ListResourceRecordSetsResponse first = page;
        page = client.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(first.nextRecordName()).startRecordType(first.nextRecordType()));
        page.resourceRecordSets().forEach(s -> names.add(s.name() + " " + s.typeAsString()));
        assertThat(page.isTruncated()).isFalse();

        assertThat(names).hasSize(352).doesNotHaveDuplicates();
        assertThat(names.subList(0, 2)).containsExactly("codedang.com. NS", "codedang.com. SOA");
        // the SDK's paginator reads the same
        assertThat(client.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream().count()).isEqualTo(352);
    }

    @Test
    void getChangeIsPendingThenInsync() {
        stub.propagationDelay(Duration.ofHours(1)); // pending however long the calls take on a busy machine
        String id = client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                Change.builder().action(ChangeAction.CREATE).resourceRecordSet(a("www.codedang.com", 300, "203.0.113.1")).build())))
                .changeInfo().id();

        assertThat(client.getChange(r -> r.id(id)).changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        stub.propagationDelay(Duration.ofMillis(300));
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.getChange(r -> r.id(id)).changeInfo().status() == ChangeStatus.INSYNC);
    }

    @Test
    void theTokenBucketAnswersThrottlingAndInjectedErrorsComeBackAsTheSdkMapsThem() {
        stub.rateLimit(2, 0.001);
        client.listHostedZonesByName(r -> r.dnsName("codedang.com"));
        client.listHostedZonesByName(r -> r.dnsName("codedang.com"));
        assertThatThrownBy(() -> client.listHostedZonesByName(r -> r.dnsName("codedang.com")))
                .isInstanceOfSatisfying(Route53Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThat(stub.throttled()).isEqualTo(1);

        stub.noRateLimit().failNext(Route53Stub.CHANGE_RESOURCE_RECORD_SETS, "PriorRequestNotComplete", 1);
        assertThatThrownBy(() -> change(ChangeAction.CREATE, a("www.codedang.com", 300, "203.0.113.1")))
                .isInstanceOf(PriorRequestNotCompleteException.class);
        change(ChangeAction.CREATE, a("www.codedang.com", 300, "203.0.113.1"));
    }

    private void change(ChangeAction action, ResourceRecordSet set) {
        client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                Change.builder().action(action).resourceRecordSet(set).build())));
    }

    private static ResourceRecordSet a(String name, long ttl, String... ips) {
        return ResourceRecordSet.builder().name(name).type("A").ttl(ttl)
                .resourceRecords(java.util.Arrays.stream(ips).map(ip -> software.amazon.awssdk.services.route53.model.ResourceRecord.builder().value(ip).build()).toList())
                .build();
    }
}
