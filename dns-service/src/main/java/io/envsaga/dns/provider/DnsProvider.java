package io.envsaga.dns.provider;

import io.envsaga.dns.plan.RecordChange;
import io.envsaga.dns.plan.ZoneState;
import java.util.List;
import java.util.Optional;

/**
 * Where the records live, as the batcher sees it; external-dns's {@code Provider} (the records
 * of a zone, apply changes) plus what a provider with asynchronous changes needs: finding a zone's
 * id and asking whether a change has reached every name server. The batcher calls it from one
 * thread; an implementation enforces its own API's rate limits and retries its throttling, and
 * throws {@link DnsUnavailableException} for anything transient.
 */
public interface DnsProvider {

    /** The id of the public zone of that name, if there is one. */
    Optional<String> findZoneId(String zone);

    /** Every record of the zone. */
    ZoneState records(String zone, String zoneId);

    /**
     * Applies the changes all or nothing and returns the change's id.
     *
     * @throws RejectedChangeException with the provider's message when it refuses the batch as a whole
     */
    String applyChanges(String zoneId, List<RecordChange> changes, String comment);

    /** Whether the change has reached every name server of the zone. */
    boolean isInsync(String changeId);
}
