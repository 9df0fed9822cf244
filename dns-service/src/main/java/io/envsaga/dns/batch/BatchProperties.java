package io.envsaga.dns.batch;

import java.time.Duration;

/**
 * {@code envsaga.dns.batch.*}: how requests of concurrent environments are gathered into change batches.
 *
 * @param quietPeriod   a batch starts once no new request came for this long...
 * @param maxDelay      ...or this long after its first request, whichever is first
 * @param maxRecords    resource records per change batch (Route53: 1000, UPSERT counts twice)
 * @param maxCharacters value characters per change batch (Route53: 32000, UPSERT counts twice)
 */
public record BatchProperties(Duration quietPeriod, Duration maxDelay, Integer maxRecords, Integer maxCharacters) {

    public BatchProperties {
        quietPeriod = quietPeriod == null ? Duration.ofMillis(200) : quietPeriod;
        maxDelay = maxDelay == null ? Duration.ofSeconds(2) : maxDelay;
        maxRecords = maxRecords == null ? BatchPacker.Limits.ROUTE53.maxRecords() : maxRecords;
        maxCharacters = maxCharacters == null ? BatchPacker.Limits.ROUTE53.maxCharacters() : maxCharacters;
    }

    public BatchPacker.Limits limits() {
        return new BatchPacker.Limits(maxRecords, maxCharacters);
    }
}
