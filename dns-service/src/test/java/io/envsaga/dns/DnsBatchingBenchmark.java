package io.envsaga.dns;

import static io.envsaga.dns.DnsServiceHarness.ZONE;
import static io.envsaga.dns.DnsServiceHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not a timed test, a measurement (excluded from the default run): 100 environments requested at
 * once through the real broker, against a Route53 stub that enforces the classic account limit
 * (a bucket of 5, refilled at 5/s) and keeps changes PENDING for a propagation delay; dns-service
 * runs with its default rate limit, batching and polling. Reports the Route53 calls per action,
 * the Throttling answers and the time until every environment's step succeeded (all INSYNC).
 *
 * <pre>./mvnw -B -pl dns-service -am test -Dtest=DnsBatchingBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Options: {@code -Dbenchmark.environments=100 -Dbenchmark.propagation=PT2S}.
 */
class DnsBatchingBenchmark {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @AutoClose
    static final Route53Stub route53 = new Route53Stub().start();

    @Test
    void hundredEnvironmentsAtOnce() throws Exception {
        int environments = Integer.getInteger("benchmark.environments", 100);
        Duration propagation = Duration.parse(System.getProperty("benchmark.propagation", "PT2S"));
        route53.createHostedZone(ZONE);
        route53.rateLimit(5, 5.0).propagationDelay(propagation);
        DnsServiceHarness harness = new DnsServiceHarness(rabbit, route53);
        // the service's defaults, not the tests' quick timings
        Map<String, String> defaults = Map.of(
                "envsaga.dns.rate-limit.burst", "5", "envsaga.dns.rate-limit.requests-per-second", "5",
                "envsaga.dns.insync.first-poll", "5s", "envsaga.dns.insync.max-poll-interval", "30s",
                "envsaga.dns.retry.initial-backoff", "500ms", "envsaga.dns.retry.max-backoff", "20s");

        try (ConfigurableApplicationContext service = harness.start(defaults); BusProbe probe = rabbit.probe()) {
            // the start-up resync reads the zone once; the measurement starts after it
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> route53.calls(Route53Stub.LIST_RESOURCE_RECORD_SETS) >= 1);
            Map<String, Integer> startup = route53.calls();
            route53.resetCounts();
            List<Environment> specs = IntStream.range(0, environments).mapToObj(i -> spec("bench-" + i)).toList();

            Instant start = Instant.now();
            specs.forEach(spec -> harness.request(spec, 1));
            Instant published = Instant.now();
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> probe.events(e -> e.type() == EventType.STEP_SUCCEEDED).size() >= environments);
            // when the service published the last succeeded event (each is sent once its change is INSYNC)
            Instant last = probe.events(e -> e.type() == EventType.STEP_SUCCEEDED).stream().map(Event::time).max(Instant::compareTo).orElseThrow();
            Duration elapsed = Duration.between(start, last);

            assertThat(probe.events(e -> e.type() == EventType.STEP_FAILED)).isEmpty();
            List<Route53Stub.Batch> batches = route53.batches();
            String report = """
                    environments requested at once: %d (one host each: A + ownership TXT)
                    Route53 calls during the burst: %d %s
                    Throttling answers: %d
                    change batches: %d, changes per batch: %s
                    time from the first request to the last step.dns.succeeded (all INSYNC): %d ms (publishing the %d requests took %d ms)
                    stub: account bucket 5, refilled 5/s; propagation delay %d ms; service: rate limit 5/s burst 5, first GetChange after 5 s
                    before the burst (start-up resync, zone lookup): %s
                    """.formatted(environments, route53.totalCalls(), route53.calls(), route53.throttled(), batches.size(),
                    batches.stream().map(b -> b.changes().size()).toList(), elapsed.toMillis(), environments,
                    Duration.between(start, published).toMillis(), propagation.toMillis(), startup);
            System.out.println("\n=== dns-service batching benchmark ===\n" + report);
            Path out = Path.of("target", "dns-batching-benchmark.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }
}
