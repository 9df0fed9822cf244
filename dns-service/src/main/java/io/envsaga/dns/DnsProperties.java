package io.envsaga.dns;

import io.envsaga.dns.batch.BatchProperties;
import io.envsaga.dns.batch.InsyncProperties;
import io.envsaga.dns.route53.RateLimitProperties;
import io.envsaga.participant.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.dns.*}: which zones envsaga may write, where the node IPs come from, and how it
 * talks to Route53. AWS credentials are not here: they come from the SDK's standard provider
 * chain (environment, system properties, profile, web identity, container or instance role).
 * The settings of one part are a record of that part's package ({@code rateLimit}, {@code batch},
 * {@code insync}), so that no package depends on this one.
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
public record DnsProperties(List<String> zones, Nodes nodes, Route53 route53, RateLimitProperties rateLimit, Retry retry,
                            BatchProperties batch, InsyncProperties insync, Executor executor) {

    public DnsProperties {
        zones = zones == null ? List.of() : zones.stream().map(z -> z.toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).toList();
        nodes = nodes == null ? new Nodes(null, null, null) : nodes;
        route53 = route53 == null ? new Route53(null, null, null) : route53;
        rateLimit = rateLimit == null ? new RateLimitProperties(null, null, null, null) : rateLimit;
        retry = retry == null ? new Retry(null, null, null) : retry;
        batch = batch == null ? new BatchProperties(null, null, null, null) : batch;
        insync = insync == null ? new InsyncProperties(null, null, null) : insync;
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
