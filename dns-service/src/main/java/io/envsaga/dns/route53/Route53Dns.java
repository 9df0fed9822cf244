package io.envsaga.dns.route53;

import io.envsaga.dns.plan.DnsRecord;
import io.envsaga.dns.plan.RecordChange;
import io.envsaga.dns.plan.ZoneState;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.dns.provider.RejectedChangeException;
import io.envsaga.participant.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The Route53 {@link DnsProvider}, a thin adapter: four API calls, each taking a token of the
 * rate limit, and retried with capped exponential backoff and jitter when Route53 answers
 * {@code Throttling} or {@code PriorRequestNotComplete}. The SDK's own retries are off (see the
 * client's configuration), so that every attempt passes the rate limit and is counted.
 */
public final class Route53Dns implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(Route53Dns.class);

    private final Route53Client client;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong throttled = new AtomicLong();

    public Route53Dns(Route53Client client, RateLimiter limiter, Backoff backoff, int maxAttempts) {
        this.client = client;
        this.limiter = limiter;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public Optional<String> findZoneId(String zone) {
        String fqdn = DnsRecord.fqdn(zone);
        List<HostedZone> zones = call("ListHostedZonesByName", 0,
                () -> client.listHostedZonesByName(r -> r.dnsName(fqdn).maxItems("10")).hostedZones());
        return zones.stream()
                .filter(z -> DnsRecord.fqdn(z.name()).equals(fqdn))
                .filter(z -> z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))
                .map(z -> z.id().replaceFirst("^/hostedzone/", ""))
                .findFirst();
    }

    /** Every record set of the zone (all pages). */
    @Override
    public ZoneState records(String zone, String zoneId) {
        List<DnsRecord> records = new ArrayList<>();
        String nextName = null;
        RRType nextType = null;
        do {
            String name = nextName;
            RRType type = nextType;
            ListResourceRecordSetsResponse page = call("ListResourceRecordSets", 0, () -> client.listResourceRecordSets(r -> {
                r.hostedZoneId(zoneId).maxItems("300");
                if (name != null) {
                    r.startRecordName(name).startRecordType(type);
                }
            }));
            for (ResourceRecordSet set : page.resourceRecordSets()) {
                if (set.aliasTarget() != null || set.setIdentifier() != null) {
                    // alias and routing-policy records are never envsaga's; they still make a name "taken"
                    records.add(new DnsRecord(set.name(), set.typeAsString(), 0, List.of()));
                    continue;
                }
                records.add(new DnsRecord(set.name(), set.typeAsString(), set.ttl() == null ? 0 : set.ttl(),
                        set.resourceRecords().stream().map(ResourceRecord::value).toList()));
            }
            boolean truncated = Boolean.TRUE.equals(page.isTruncated());
            nextName = truncated ? page.nextRecordName() : null;
            nextType = truncated ? page.nextRecordType() : null;
        } while (nextName != null);
        return ZoneState.of(zone, records);
    }

    /** One ChangeResourceRecordSets call; InvalidChangeBatch becomes a {@link RejectedChangeException}. */
    @Override
    public String applyChanges(String zoneId, List<RecordChange> changes, String comment) {
        List<Change> sdkChanges = changes.stream().map(Route53Dns::toSdk).toList();
        int records = changes.stream().mapToInt(c -> c.record().values().size()).sum();
        return call("ChangeResourceRecordSets", records, () -> client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .changeBatch(b -> b.comment(comment).changes(sdkChanges)))).changeInfo().id().replaceFirst("^/change/", "");
    }

    @Override
    public boolean isInsync(String changeId) {
        return call("GetChange", 0, () -> client.getChange(r -> r.id(changeId)).changeInfo().status()) == ChangeStatus.INSYNC;
    }

    /** API calls made per action, retries included. */
    public Map<String, Long> calls() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        calls.forEach((action, count) -> copy.put(action, count.get()));
        return copy;
    }

    /** Calls answered Throttling or PriorRequestNotComplete. */
    public long throttled() {
        return throttled.get();
    }

    private <T> T call(String action, int changedRecords, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                limiter.acquire(action, changedRecords);
                calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
                return call.get();
            } catch (InvalidChangeBatchException e) {
                throw new RejectedChangeException(messageOf(e));
            } catch (AwsServiceException e) {
                if (!isRetryable(e)) {
                    throw new DnsUnavailableException("Route53 " + action + " failed: " + codeOf(e) + ": " + messageOf(e));
                }
                throttled.incrementAndGet();
                if (attempt >= maxAttempts) {
                    throw new DnsUnavailableException("Route53 " + action + " still answered " + codeOf(e) + " after " + attempt + " attempts");
                }
                Duration delay = backoff.delay(attempt, ThreadLocalRandom.current().nextDouble());
                log.info("Route53 {} answered {}; retrying in {} ms", action, codeOf(e), delay.toMillis());
                sleep(delay);
            } catch (SdkException e) {
                throw new DnsUnavailableException("Route53 " + action + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsUnavailableException("interrupted while waiting for the Route53 rate limit");
            }
        }
    }

    static boolean isRetryable(AwsServiceException e) {
        String code = codeOf(e);
        return e.isThrottlingException() || "Throttling".equals(code) || "PriorRequestNotComplete".equals(code);
    }

    private static String codeOf(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "error " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    private static String messageOf(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }

    private static void sleep(Duration delay) {
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsUnavailableException("interrupted while backing off from Route53");
        }
    }

    private static Change toSdk(RecordChange change) {
        DnsRecord record = change.record();
        return Change.builder()
                .action(switch (change.action()) {
                    case CREATE -> ChangeAction.CREATE;
                    case UPSERT -> ChangeAction.UPSERT;
                    case DELETE -> ChangeAction.DELETE;
                })
                .resourceRecordSet(s -> s.name(record.name()).type(record.type()).ttl(record.ttl())
                        .resourceRecords(record.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList()))
                .build();
    }
}
