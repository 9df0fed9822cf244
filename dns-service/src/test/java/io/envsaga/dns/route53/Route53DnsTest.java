package io.envsaga.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.dns.plan.DnsRecord;
import io.envsaga.dns.plan.Ownership;
import io.envsaga.dns.plan.RecordChange;
import io.envsaga.dns.plan.ZoneState;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.dns.provider.RejectedChangeException;
import io.envsaga.participant.Backoff;
import io.envsaga.simulation.route53.RecordSet;
import io.envsaga.simulation.route53.Route53Stub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;

/** The adapter through the real SDK against the stub: reads, writes, and what it makes of Route53's errors. */
class Route53DnsTest {

    private static final List<String> IPS = List.of("203.0.113.10");

    private Route53Stub stub;
    private Route53Client client;
    private Route53Dns dns;
    private String zoneId;

    @BeforeEach
    void setUp() {
        stub = new Route53Stub().start();
        zoneId = stub.createHostedZone("codedang.com");
        client = StubClients.route53(stub);
        dns = new Route53Dns(client, new RateLimiter(new RateLimitProperties(1000, 1000.0, Map.of(), null), System::nanoTime),
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0), 3);
    }

    @AfterEach
    void tearDown() {
        client.close();
        stub.close();
    }

    @Test
    void findsTheZoneAndReadsEveryPageOfIt() {
        for (int i = 0; i < 700; i++) {
            stub.putRecord("codedang.com", RecordSet.a("h" + i + ".codedang.com", 300, "203.0.113.1"));
        }

        assertThat(dns.findZoneId("codedang.com")).contains(zoneId);
        assertThat(dns.findZoneId("missing.org")).isEmpty();
        ZoneState state = dns.records("codedang.com", zoneId);

        assertThat(state.all()).hasSize(702);
        assertThat(state.get("h699.codedang.com", "A")).isEqualTo(DnsRecord.a("h699.codedang.com", 300, List.of("203.0.113.1")));
        assertThat(stub.calls(Route53Stub.LIST_RESOURCE_RECORD_SETS)).isEqualTo(3);
    }

    @Test
    void writesChangesAndSeesThemInsync() {
        stub.propagationDelay(Duration.ZERO);
        String id = dns.applyChanges(zoneId, List.of(RecordChange.create(Ownership.record("x.codedang.com", new Ownership.Owner("envsaga", "pr-1", 2), 300)),
                RecordChange.create(DnsRecord.a("x.codedang.com", 300, IPS))), "envsaga: pr-1");

        assertThat(id).doesNotStartWith("/change/");
        assertThat(dns.isInsync(id)).isTrue();
        assertThat(stub.record("codedang.com", "_envsaga.x.codedang.com", "TXT"))
                .contains(RecordSet.txt("_envsaga.x.codedang.com", 300, "heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=2"));
        assertThat(stub.batches()).singleElement().satisfies(b -> assertThat(b.comment()).isEqualTo("envsaga: pr-1"));
    }

    @Test
    void invalidChangeBatchComesBackWithRoute53sMessage() {
        stub.putRecord("codedang.com", RecordSet.a("x.codedang.com", 300, "198.51.100.1"));

        assertThatThrownBy(() -> dns.applyChanges(zoneId, List.of(RecordChange.create(DnsRecord.a("x.codedang.com", 300, IPS))), "c"))
                .isInstanceOf(RejectedChangeException.class)
                .hasMessage("[Tried to create resource record set [name='x.codedang.com.', type='A'] but it already exists]");
    }

    @Test
    void throttlingIsRetriedUntilTheAttemptsAreSpentThenReportedWithoutAStackTrace() {
        stub.failNext(Route53Stub.GET_CHANGE, "Throttling", 2);
        stub.propagationDelay(Duration.ZERO);
        String id = dns.applyChanges(zoneId, List.of(RecordChange.create(DnsRecord.a("y.codedang.com", 300, IPS))), "c");

        assertThat(dns.isInsync(id)).isTrue();
        assertThat(stub.calls(Route53Stub.GET_CHANGE)).isEqualTo(3);
        assertThat(dns.throttled()).isEqualTo(2);

        stub.failNext(Route53Stub.GET_CHANGE, "PriorRequestNotComplete", 3);
        assertThatThrownBy(() -> dns.isInsync(id))
                .isInstanceOf(DnsUnavailableException.class)
                .hasMessage("Route53 GetChange still answered PriorRequestNotComplete after 3 attempts")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void otherErrorsAreReportedWithRoute53sCodeAndMessage() {
        assertThatThrownBy(() -> dns.records("gone.org", "ZNOSUCHZONE"))
                .isInstanceOf(DnsUnavailableException.class)
                .hasMessage("Route53 ListResourceRecordSets failed: NoSuchHostedZone: No hosted zone found with ID: ZNOSUCHZONE");
        assertThat(new ArrayList<>(dns.calls().keySet())).containsExactly("ListResourceRecordSets");
    }
}
