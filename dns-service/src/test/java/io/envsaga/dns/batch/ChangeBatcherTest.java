package io.envsaga.dns.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.dns.nodes.StaticNodeAddresses;
import io.envsaga.dns.plan.Planner;
import io.envsaga.dns.route53.RateLimitProperties;
import io.envsaga.dns.route53.RateLimiter;
import io.envsaga.dns.route53.Route53Dns;
import io.envsaga.dns.route53.StubClients;
import io.envsaga.participant.Backoff;
import io.envsaga.participant.StepFailure;
import io.envsaga.simulation.route53.RecordSet;
import io.envsaga.simulation.route53.Route53Stub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;

/** The batch executor with the real SDK and the stub, without the broker. */
class ChangeBatcherTest {

    private static final String ZONE = "codedang.com";

    private Route53Stub stub;
    private Route53Client client;
    private ChangeBatcher batcher;

    @BeforeEach
    void setUp() {
        stub = new Route53Stub().start();
        stub.createHostedZone(ZONE);
        stub.propagationDelay(Duration.ofMillis(100));
        client = StubClients.route53(stub);
    }

    @AfterEach
    void tearDown() {
        batcher.close();
        client.close();
        stub.close();
    }

    @Test
    void changesOverRoute53sLimitsGoInSeveralBatchesAndEachRequestWaitsForAllOfItsOwn() throws Exception {
        // a host is 1 TXT + 2 A values = 3 records; 7 records a batch hold two hosts
        batcher = batcher(new BatchProperties(Duration.ofMillis(100), Duration.ofSeconds(1), 7, 32_000));
        CompletableFuture<ChangeBatcher.Outcome> wide = batcher.submit(apply("wide", "a.wide.codedang.com", "b.wide.codedang.com", "c.wide.codedang.com"));
        CompletableFuture<ChangeBatcher.Outcome> narrow = batcher.submit(apply("narrow", "narrow.codedang.com"));

        ChangeBatcher.Outcome wideOutcome = wide.get(2, TimeUnit.MINUTES);
        narrow.get(2, TimeUnit.MINUTES);

        assertThat(stub.batches()).hasSize(2);
        assertThat(wideOutcome.changeIds()).hasSize(2).allSatisfy(id -> assertThat(stub.reportedInsync(id)).isTrue());
        assertThat(wideOutcome.changes()).isEqualTo(6);
        assertThat(stub.record(ZONE, "c.wide.codedang.com", "A")).isPresent();
        assertThat(stub.calls(Route53Stub.LIST_RESOURCE_RECORD_SETS)).isEqualTo(1);
    }

    @Test
    void aRejectedBatchIsHalvedUntilTheBadRequestStandsAlone() throws Exception {
        batcher = batcher(new BatchProperties(Duration.ofMillis(200), Duration.ofSeconds(2), 1000, 32_000));
        stub.beforeNextChange(s -> s.putRecord(ZONE, RecordSet.a("env-5.codedang.com", 300, "198.51.100.5")));
        List<CompletableFuture<ChangeBatcher.Outcome>> futures = IntStream.range(0, 8)
                .mapToObj(i -> batcher.submit(apply("env-" + i, "env-" + i + ".codedang.com"))).toList();

        for (int i = 0; i < 8; i++) {
            CompletableFuture<ChangeBatcher.Outcome> future = futures.get(i);
            if (i == 5) {
                assertThat(future).failsWithin(Duration.ofMinutes(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(StepFailure.class).withMessageContaining("env-5.codedang.com.', type='A'] but it already exists");
            } else {
                assertThat(future).succeedsWithin(Duration.ofMinutes(2));
            }
        }
        // 1 rejected batch of 8, then halves: [0-3] ok, [4-7] rejected, [4-5] rejected, [6-7] ok, [4] ok, [5] rejected
        assertThat(stub.rejected()).hasSize(4);
        assertThat(stub.batches()).hasSize(3);
    }

    @Test
    void aRequestCancelledBeforeItsBatchStartsIsWithdrawn() throws Exception {
        batcher = batcher(new BatchProperties(Duration.ofMillis(300), Duration.ofSeconds(2), 1000, 32_000));
        CompletableFuture<ChangeBatcher.Outcome> withdrawn = batcher.submit(apply("gone", "gone.codedang.com"));
        CompletableFuture<ChangeBatcher.Outcome> kept = batcher.submit(apply("kept", "kept.codedang.com"));
        withdrawn.cancel(false);

        kept.get(2, TimeUnit.MINUTES);

        assertThat(stub.record(ZONE, "kept.codedang.com", "A")).isPresent();
        assertThat(stub.record(ZONE, "gone.codedang.com", "A")).isEmpty();
    }

    private ChangeBatcher batcher(BatchProperties batch) {
        Route53Dns dns = new Route53Dns(client, new RateLimiter(new RateLimitProperties(100, 100.0, Map.of(), null), System::nanoTime),
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 2.0), 5);
        return new ChangeBatcher(dns, new StaticNodeAddresses(List.of("203.0.113.10", "203.0.113.11")), batch,
                new InsyncProperties(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10)));
    }

    private static ChangeBatcher.Apply apply(String environment, String... hosts) {
        return new ChangeBatcher.Apply(new Planner.Desired(environment, ZONE, List.of(hosts), 300));
    }
}
