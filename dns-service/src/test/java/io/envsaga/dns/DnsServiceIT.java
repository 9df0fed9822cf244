package io.envsaga.dns;

import static io.envsaga.dns.DnsServiceHarness.ZONE;
import static io.envsaga.dns.DnsServiceHarness.spec;
import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.route53.RecordSet;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * dns-service end to end: commands through the real RabbitMQ, the real AWS SDK against the
 * Route53 stub, results back on the bus.
 */
class DnsServiceIT {

    private static final List<String> IPS = List.of("203.0.113.10", "203.0.113.11");
    private static final String SECOND_ZONE = "codedang.dev";
    /** allowlisted, but no such hosted zone in Route53 */
    private static final String MISSING_ZONE = "codedang.io";

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @AutoClose
    static final Route53Stub route53 = new Route53Stub().start();

    private static DnsServiceHarness harness;
    private static ConfigurableApplicationContext service;
    private BusProbe probe;

    @BeforeAll
    static void startService() {
        route53.createHostedZone(ZONE);
        route53.createHostedZone(SECOND_ZONE);
        route53.createHostedZone("other.org");
        harness = new DnsServiceHarness(rabbit, route53);
        // a quiet period long enough that environments published together share a batch
        service = harness.start(Map.of("envsaga.dns.batch.quiet-period", "400ms", "envsaga.dns.zones", ZONE + "," + SECOND_ZONE + "," + MISSING_ZONE));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void setUp() {
        probe = rabbit.probe();
        route53.noRateLimit();
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void applyCreatesARecordsWithTheNodeIpsAndTtlAndTheirOwnershipTxtThenSucceedsOnceInsync() {
        Environment spec = spec("pr-101", ZONE, 120, "pr-101.codedang.com", "api.pr-101.codedang.com");

        harness.request(spec, 1);
        Event<?> succeeded = probe.await(ofType(EventType.STEP_SUCCEEDED, "pr-101", 1));

        for (String host : List.of("pr-101.codedang.com", "api.pr-101.codedang.com")) {
            assertThat(route53.record(ZONE, host, "A")).contains(new RecordSet(host, "A", 120, IPS));
            assertThat(route53.record(ZONE, "_envsaga." + host, "TXT"))
                    .contains(RecordSet.txt("_envsaga." + host, 120, "heritage=envsaga,envsaga/owner=" + rabbit.topology().prefix() + ",envsaga/environment=pr-101,envsaga/generation=1"));
        }
        Map<String, String> outputs = ((Payloads.StepSucceeded) succeeded.data()).outputs();
        assertThat(outputs).containsEntry("zone", ZONE).containsEntry("addresses", "203.0.113.10,203.0.113.11").containsEntry("changes", "4");
        // succeeded only after Route53 said INSYNC for the change
        assertThat(route53.reportedInsync(outputs.get("changeIds"))).isTrue();
    }

    @Test
    void applyingTheSameSpecAgainChangesNothing() {
        Environment spec = spec("pr-102");
        harness.request(spec, 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "pr-102", 1));
        List<RecordSet> before = route53.records(ZONE);
        int changeCalls = route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS);

        harness.request(spec, 2);
        Event<?> again = probe.await(ofType(EventType.STEP_SUCCEEDED, "pr-102", 2));

        assertThat(((Payloads.StepSucceeded) again.data()).outputs()).containsEntry("changes", "0").doesNotContainKey("changeIds");
        assertThat(route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS)).isEqualTo(changeCalls);
        assertThat(route53.records(ZONE)).isEqualTo(before);
    }

    @Test
    void aHostThatExistsWithoutOwnershipFailsTheStepNamingTheRecordAndStaysUntouched() {
        RecordSet apex = RecordSet.a(ZONE, 3600, "198.51.100.1");
        route53.putRecord(ZONE, apex);
        Environment spec = spec("codedang-apex", ZONE, null, "codedang.com", "free.codedang.com");

        harness.request(spec, 1);
        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "codedang-apex", 1));

        Payloads.StepFailed data = (Payloads.StepFailed) failed.data();
        assertThat(data.reason()).isEqualTo("record codedang.com (A) exists and is not owned by envsaga (no TXT record _envsaga.codedang.com); it is left untouched");
        assertThat(data.retryable()).isFalse();
        assertThat(route53.record(ZONE, ZONE, "A")).contains(apex);
        assertThat(route53.record(ZONE, "_envsaga.codedang.com", "TXT")).isEmpty();
        // all or nothing: the free host of the same spec was not taken either
        assertThat(route53.record(ZONE, "free.codedang.com", "A")).isEmpty();
        assertThat(probe.events(ofType(EventType.STEP_SUCCEEDED, "codedang-apex"))).isEmpty();
    }

    @Test
    void aZoneOutsideTheAllowlistFails() {
        int calls = route53.totalCalls();

        harness.request(spec("pr-other", "other.org", null, "pr.other.org"), 1);
        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "pr-other", 1));

        assertThat(((Payloads.StepFailed) failed.data()).reason())
                .isEqualTo("spec.dns.zone: other.org is not a zone envsaga may manage (envsaga.dns.zones: codedang.com, codedang.dev, codedang.io)");
        assertThat(route53.records("other.org")).extracting(RecordSet::type).containsOnly("SOA", "NS");
        assertThat(route53.totalCalls()).isEqualTo(calls);
    }

    @Test
    void anAllowedZoneThatRoute53DoesNotHaveFailsApplyButNotRelease() {
        Environment spec = spec("pr-missing", MISSING_ZONE, null, "pr-missing.codedang.io");

        harness.request(spec, 1);
        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "pr-missing", 1));
        harness.delete(spec, 2);
        probe.await(ofType(EventType.STEP_RELEASED, "pr-missing", 2));

        assertThat(((Payloads.StepFailed) failed.data()).reason()).isEqualTo("hosted zone codedang.io does not exist in Route53 (or is private)");
    }

    @Test
    void releaseRemovesExactlyTheEnvironmentsRecordsAndTheirTxt() {
        Environment gone = spec("rel-a", ZONE, null, "rel-a.codedang.com", "api.rel-a.codedang.com");
        Environment kept = spec("rel-b");
        route53.putRecord(ZONE, RecordSet.a("manual.codedang.com", 300, "198.51.100.2"));
        harness.request(gone, 1);
        harness.request(kept, 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "rel-a", 1));
        probe.await(ofType(EventType.STEP_SUCCEEDED, "rel-b", 1));
        // added by hand later, at a host envsaga owns: not envsaga's record, so it stays
        route53.putRecord(ZONE, new RecordSet("rel-a.codedang.com", "MX", 300, List.of("10 mail.example.org.")));
        List<RecordSet> before = route53.records(ZONE);

        harness.delete(gone, 2);
        probe.await(ofType(EventType.STEP_RELEASED, "rel-a", 2));

        List<RecordSet> expected = new ArrayList<>(before);
        expected.removeIf(r -> List.of("rel-a.codedang.com.", "api.rel-a.codedang.com.", "_envsaga.rel-a.codedang.com.",
                "_envsaga.api.rel-a.codedang.com.").contains(r.name()) && List.of("A", "TXT").contains(r.type()));
        assertThat(before.size() - expected.size()).isEqualTo(4);
        assertThat(route53.records(ZONE)).isEqualTo(expected);

        // released again (a redelivery): nothing left to do, still released
        harness.delete(gone, 3);
        probe.await(ofType(EventType.STEP_RELEASED, "rel-a", 3));
        assertThat(route53.records(ZONE)).isEqualTo(expected);
    }

    @Test
    void whatEarlierGenerationsMadeInAnotherZoneOrWithoutDnsNowIsRemoved() {
        harness.request(spec("moved", ZONE, null, "moved.codedang.com"), 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "moved", 1));

        // generation 2 moves to the second zone; its deletion, with a last spec without dns, removes both
        harness.request(spec("moved", SECOND_ZONE, null, "moved.codedang.dev"), 2);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "moved", 2));
        assertThat(route53.record(SECOND_ZONE, "moved.codedang.dev", "A")).isPresent();
        harness.delete(DnsServiceHarness.specWithoutDns("moved"), 3);
        probe.await(ofType(EventType.STEP_RELEASED, "moved", 3));

        assertThat(route53.records(ZONE)).noneMatch(r -> r.name().contains("moved"));
        assertThat(route53.records(SECOND_ZONE)).noneMatch(r -> r.name().contains("moved"));
    }

    @Test
    void aGenerationWithoutDnsIsSkippedAndRemovesWhatAnEarlierOneMade() {
        harness.request(spec("dropped"), 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "dropped", 1));
        assertThat(route53.record(ZONE, "dropped.codedang.com", "A")).isPresent();

        harness.request(DnsServiceHarness.specWithoutDns("dropped"), 2);
        Event<?> skipped = probe.await(ofType(EventType.STEP_SUCCEEDED, "dropped", 2));

        assertThat(((Payloads.StepSucceeded) skipped.data()).skipped()).isTrue();
        assertThat(route53.records(ZONE)).noneMatch(r -> r.name().contains("dropped"));
    }

    @Test
    void throttlingAndPriorRequestNotCompleteAreRetriedAndTheStepSucceeds() {
        route53.failNext(Route53Stub.LIST_RESOURCE_RECORD_SETS, "Throttling", 1);
        route53.failNext(Route53Stub.CHANGE_RESOURCE_RECORD_SETS, "Throttling", 2);
        route53.failNext(Route53Stub.CHANGE_RESOURCE_RECORD_SETS, "PriorRequestNotComplete", 2);
        route53.failNext(Route53Stub.GET_CHANGE, "PriorRequestNotComplete", 1);
        int changeCalls = route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS);
        int listCalls = route53.calls(Route53Stub.LIST_RESOURCE_RECORD_SETS);

        harness.request(spec("pr-throttled"), 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "pr-throttled", 1));

        // retried call by call inside one attempt of the step, not by running the step again
        assertThat(route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS) - changeCalls).isEqualTo(5);
        assertThat(route53.calls(Route53Stub.LIST_RESOURCE_RECORD_SETS) - listCalls).isEqualTo(2);
        assertThat(route53.record(ZONE, "pr-throttled.codedang.com", "A")).isPresent();
        assertThat(probe.events(ofType(EventType.STEP_FAILED, "pr-throttled"))).isEmpty();
    }

    @Test
    void theAccountsTokenBucketThrottlesAndBackoffGetsEveryEnvironmentThrough() {
        // the service allows itself 50/s but the account only 2 at once and 4/s: Route53 throttles
        route53.rateLimit(2, 4);
        int throttled = route53.throttled();
        List<String> names = IntStream.range(0, 6).mapToObj(i -> "tb-" + i).toList();

        for (String name : names) {
            harness.request(spec(name, ZONE, null, name + ".codedang.com"), 1);
            probe.await(ofType(EventType.STEP_SUCCEEDED, name, 1), Duration.ofMinutes(2));
        }

        assertThat(route53.throttled()).isGreaterThan(throttled);
        assertThat(names).allSatisfy(name -> assertThat(route53.record(ZONE, name + ".codedang.com", "A")).isPresent());
        assertThat(probe.events(e -> e.type() == EventType.STEP_FAILED)).isEmpty();
    }

    @Test
    void oneBadChangeInABatchFailsOnlyItsEnvironmentWithRoute53sMessage() {
        List<String> names = List.of("batch-ok-1", "batch-bad", "batch-ok-2", "batch-ok-3");
        // someone creates batch-bad's record by hand between envsaga's read and its change
        RecordSet raced = RecordSet.a("batch-bad.codedang.com", 300, "198.51.100.9");
        route53.beforeNextChange(stub -> stub.putRecord(ZONE, raced));
        int rejected = route53.rejected().size();

        names.forEach(name -> harness.request(spec(name), 1));

        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "batch-bad", 1));
        assertThat(((Payloads.StepFailed) failed.data()).reason()).isEqualTo(
                "Route53 rejected the change: [Tried to create resource record set [name='batch-bad.codedang.com.', type='A'] but it already exists]");
        for (String ok : List.of("batch-ok-1", "batch-ok-2", "batch-ok-3")) {
            probe.await(ofType(EventType.STEP_SUCCEEDED, ok, 1));
            assertThat(route53.record(ZONE, ok + ".codedang.com", "A")).isPresent();
        }
        assertThat(route53.record(ZONE, "batch-bad.codedang.com", "A")).contains(raced);
        assertThat(route53.record(ZONE, "_envsaga.batch-bad.codedang.com", "TXT")).isEmpty();
        // the four were one batch at first, which Route53 rejected as a whole
        assertThat(route53.rejected().get(rejected).changes()).extracting(c -> c.recordSet().name())
                .contains("batch-ok-1.codedang.com.", "batch-bad.codedang.com.", "batch-ok-2.codedang.com.", "batch-ok-3.codedang.com.");
    }

    @Test
    void environmentsRequestedTogetherShareOneChangeBatch() {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> "pr-together-" + i).toList();
        int changeCalls = route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS);
        int batches = route53.batches().size();

        names.forEach(name -> harness.request(spec(name), 1));
        names.forEach(name -> probe.await(ofType(EventType.STEP_SUCCEEDED, name, 1)));

        assertThat(route53.calls(Route53Stub.CHANGE_RESOURCE_RECORD_SETS) - changeCalls).isEqualTo(1);
        Route53Stub.Batch batch = route53.batches().get(batches);
        assertThat(batch.changes()).hasSize(40);
        // a host's A record and its TXT record travel together
        assertThat(batch.changes()).extracting(c -> c.recordSet().name())
                .contains("pr-together-7.codedang.com.", "_envsaga.pr-together-7.codedang.com.");
    }
}
