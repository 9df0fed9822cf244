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
        if (dns == null) {
            return StepResult.skip();
        }
        if (!properties.allows(dns.zone())) {
            throw new StepFailure("spec.dns.zone: " + dns.zone() + " is not a zone envsaga may manage (envsaga.dns.zones: "
                    + (properties.zones().isEmpty() ? "none configured" : String.join(", ", properties.zones())) + ")");
        }
        ChangeBatcher.Outcome outcome = await(batcher.submit(new ChangeBatcher.Apply(
                new Planner.Desired(context.environment().name(), dns.zone(), dns.hosts(), dns.ttl()))));
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

    @Override
    public void release(StepContext context) throws Exception {
        DnsSpec dns = context.environment().spec().dns();
        if (dns == null || !properties.allows(dns.zone())) {
            return; // nothing was ever made there
        }
        await(batcher.submit(new ChangeBatcher.Release(context.environment().name(), dns.zone())));
    }

    private static ChangeBatcher.Outcome await(CompletableFuture<ChangeBatcher.Outcome> future) throws Exception {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false); // superseded: withdraw the request if its batch has not started
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
