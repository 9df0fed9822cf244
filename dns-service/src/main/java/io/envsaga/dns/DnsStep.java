package io.envsaga.dns;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.DnsSpec;
import io.envsaga.dns.batch.ChangeBatcher;
import io.envsaga.dns.plan.Planner;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepFailure;
import io.envsaga.participant.StepHandler;
import io.envsaga.participant.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The dns step: an A record per host pointing at the node IPs, with its ownership TXT record,
 * ready when Route53 reports the change INSYNC; release deletes what the environment owns.
 */
public class DnsStep implements StepHandler {

    private final DnsProperties properties;
    private final ChangeBatcher batcher;

    public DnsStep(DnsProperties properties, ChangeBatcher batcher) {
        this.properties = properties;
        this.batcher = batcher;
    }

    @Override
    public Step step() {
        return Step.DNS;
    }

    @Override
    public StepResult apply(StepContext context) throws Exception {
        DnsSpec dns = context.environment().spec().dns();
        if (dns == null || !dns.writesRecords()) {
            // nothing to make (records: false claims hosts whose DNS is kept elsewhere); what an earlier generation made goes
            releaseEverywhere(context.environment().name(), context.generation());
            return StepResult.skip();
        }
        if (!properties.allows(dns.zone())) {
            throw new StepFailure("spec.dns.zone: " + dns.zone() + " is not a zone envsaga may manage (envsaga.dns.zones: "
                    + (properties.zones().isEmpty() ? "none configured" : String.join(", ", properties.zones())) + ")");
        }
        ChangeBatcher.Outcome outcome = await(batcher.submit(new ChangeBatcher.Apply(
                new Planner.Desired(context.environment().name(), dns.zone(), dns.hosts(), dns.ttl(), batcher.installation(),
                        context.generation()))));
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("zone", dns.zone());
        outputs.put("hosts", String.join(",", dns.hosts()));
        outputs.put("addresses", String.join(",", outcome.addresses()));
        outputs.put("changes", Integer.toString(outcome.changes()));
        if (!outcome.changeIds().isEmpty()) {
            outputs.put("changeIds", String.join(",", outcome.changeIds()));
        }
        return StepResult.done(outputs);
    }

    /**
     * Deletes what the environment owns in every allowlisted zone: ownership, not the spec, says
     * what is the environment's, so records of an earlier generation (another zone, hosts since
     * dropped) go too.
     */
    @Override
    public void release(StepContext context) throws Exception {
        releaseEverywhere(context.environment().name(), context.generation());
    }

    /** Up to this generation: a late rollback of generation N leaves what generation N+1 wrote. */
    private void releaseEverywhere(String environment, long generation) throws Exception {
        List<CompletableFuture<ChangeBatcher.Outcome>> releases = properties.zones().stream()
                .map(zone -> batcher.submit(new ChangeBatcher.Release(environment, zone, generation))).toList();
        for (CompletableFuture<ChangeBatcher.Outcome> release : releases) {
            await(release, releases);
        }
    }

    private static ChangeBatcher.Outcome await(CompletableFuture<ChangeBatcher.Outcome> future) throws Exception {
        return await(future, List.of(future));
    }

    private static ChangeBatcher.Outcome await(CompletableFuture<ChangeBatcher.Outcome> future,
                                               List<CompletableFuture<ChangeBatcher.Outcome>> all) throws Exception {
        try {
            return future.get();
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(false)); // superseded: withdraw requests whose batch has not started
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
