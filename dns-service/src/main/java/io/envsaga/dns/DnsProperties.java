package io.envsaga.dns;

import io.envsaga.dns.batch.BatchPacker;
import io.envsaga.participant.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.dns.*}: which zones envsaga may write, where the node IPs come from, and how it
 * talks to Route53. AWS credentials are not here: they come from the SDK's standard provider
 * chain (environment, system properties, profile, web identity, container or instance role).
 *
 * @param zones     the allowlist of hosted zones; a spec for any other zone fails the step
 * @param nodes     the IPs the A records point at
 * @param route53   the client
 * @param rateLimit the calls per second this service allows itself against the account's limit
 * @param retry     backoff of calls answered Throttling or PriorRequestNotComplete
 * @param batch     how changes of concurrent environments are gathered into one change batch
 * @param insync    how the change is watched until Route53 reports it INSYNC
 * @param executor  whether one replica at a time is the executor
 */
@ConfigurationProperties("envsaga.dns")
public record DnsProperties(List<String> zones, Nodes nodes, Route53 route53, RateLimit rateLimit, Retry retry,
                            Batch batch, Insync insync, Executor executor) {

    public DnsProperties {
        zones = zones == null ? List.of() : zones.stream().map(z -> z.toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).toList();
        nodes = nodes == null ? new Nodes(null, null, null) : nodes;
        route53 = route53 == null ? new Route53(null, null, null) : route53;
        rateLimit = rateLimit == null ? new RateLimit(null, null, null, null) : rateLimit;
        retry = retry == null ? new Retry(null, null, null) : retry;
        batch = batch == null ? new Batch(null, null, null, null) : batch;
        insync = insync == null ? new Insync(null, null, null) : insync;
        executor = executor == null ? new Executor(null, null) : executor;
    }

    public boolean allows(String zone) {
        return zones.contains(zone.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
    }

    /**
     * @param addresses    the node IPs (IPv4), when they are configured
     * @param fromCluster  read them from the cluster's Node objects instead (ExternalIP, else InternalIP)
     * @param apiServerUrl the Kubernetes API server, if not the kubeconfig's or the in-cluster one
     */
    public record Nodes(List<String> addresses, Boolean fromCluster, String apiServerUrl) {
        public Nodes {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            fromCluster = fromCluster != null && fromCluster;
        }
    }

    /**
     * @param region      Route53 is global: {@code aws-global} (signs for us-east-1)
     * @param endpoint    an endpoint override, e.g. the Route53 stub of the sandbox
     * @param callTimeout the deadline of one API call
     */
    public record Route53(String region, URI endpoint, Duration callTimeout) {
        public Route53 {
            region = region == null || region.isBlank() ? "aws-global" : region;
            callTimeout = callTimeout == null ? Duration.ofSeconds(30) : callTimeout;
        }
    }

    /**
     * Route53 limits API calls per account with a token bucket (the classic figure 5 requests a
     * second; in 2026 a shared bucket of 50 refilled at 10 a second, plus per-action and
     * change-count limits). The bucket is shared with every other client of the account
     * (Terraform, people), so the default takes the classic 5 a second with a burst of 5. Raise it
     * only for an account envsaga has mostly to itself.
     *
     * @param burst             tokens of the account bucket
     * @param requestsPerSecond its refill
     * @param actions           optional buckets per API action, e.g. {@code GetChange}, drawn on as well
     * @param changes           optional bucket of changed resource records (ChangeResourceRecordSets)
     */
    public record RateLimit(Integer burst, Double requestsPerSecond, Map<String, Bucket> actions, Bucket changes) {
        public RateLimit {
            burst = burst == null ? 5 : burst;
            requestsPerSecond = requestsPerSecond == null ? 5.0 : requestsPerSecond;
            actions = actions == null ? Map.of() : Map.copyOf(actions);
            if (burst < 1 || requestsPerSecond <= 0) {
                throw new IllegalArgumentException("envsaga.dns.rate-limit needs burst >= 1 and requests-per-second > 0");
            }
            actions.forEach((action, bucket) -> bucket.check("envsaga.dns.rate-limit.actions." + action));
            if (changes != null) {
                changes.check("envsaga.dns.rate-limit.changes");
            }
        }
    }

    /** A token bucket: {@code burst} tokens, refilled at {@code perSecond}. */
    public record Bucket(Integer burst, Double perSecond) {
        void check(String where) {
            if (burst == null || perSecond == null || burst < 1 || perSecond <= 0) {
                throw new IllegalArgumentException(where + " needs burst >= 1 and per-second > 0");
            }
        }
    }

    /** Capped exponential backoff with jitter for Throttling and PriorRequestNotComplete. */
    public record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(20) : maxBackoff;
        }

        public Backoff backoff() {
            return new Backoff(initialBackoff, maxBackoff, 2.0);
        }
    }

    /**
     * @param quietPeriod   a batch starts once no new request came for this long...
     * @param maxDelay      ...or this long after its first request, whichever is first
     * @param maxRecords    resource records per change batch (Route53: 1000, UPSERT counts twice)
     * @param maxCharacters value characters per change batch (Route53: 32000, UPSERT counts twice)
     */
    public record Batch(Duration quietPeriod, Duration maxDelay, Integer maxRecords, Integer maxCharacters) {
        public Batch {
            quietPeriod = quietPeriod == null ? Duration.ofMillis(200) : quietPeriod;
            maxDelay = maxDelay == null ? Duration.ofSeconds(2) : maxDelay;
            maxRecords = maxRecords == null ? BatchPacker.Limits.ROUTE53.maxRecords() : maxRecords;
            maxCharacters = maxCharacters == null ? BatchPacker.Limits.ROUTE53.maxCharacters() : maxCharacters;
        }

        public BatchPacker.Limits limits() {
            return new BatchPacker.Limits(maxRecords, maxCharacters);
        }
    }

    /**
     * @param firstPoll       the first GetChange, after the change was accepted
     * @param maxPollInterval the cap of the growing interval between GetChange calls
     * @param timeout         a change not INSYNC by then fails the step (retryably)
     */
    public record Insync(Duration firstPoll, Duration maxPollInterval, Duration timeout) {
        public Insync {
            firstPoll = firstPoll == null ? Duration.ofSeconds(5) : firstPoll;
            maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(30) : maxPollInterval;
            timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        }

        public Backoff backoff() {
            return new Backoff(firstPoll, maxPollInterval.compareTo(firstPoll) < 0 ? firstPoll : maxPollInterval, 2.0);
        }
    }

    /**
     * @param exclusive        only the replica holding the broker lease consumes and calls Route53,
     *                         so that the rate limit holds across replicas
     * @param takeoverInterval how often a waiting replica tries to take the lease over
     */
    public record Executor(Boolean exclusive, Duration takeoverInterval) {
        public Executor {
            exclusive = exclusive == null || exclusive;
            takeoverInterval = takeoverInterval == null ? Duration.ofSeconds(5) : takeoverInterval;
        }
    }
}
