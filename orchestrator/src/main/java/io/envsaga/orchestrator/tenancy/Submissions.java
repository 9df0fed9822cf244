package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.orchestrator.cluster.Clusters;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.tenancy.SubmissionKeys.First;
import io.envsaga.orchestrator.tenancy.SubmissionKeys.Origin;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a spec becomes a generation, for REST and the intake alike: under the
 * environment's lock (taken by the saga), the spec is checked against the submitter's grants and
 * the environment as it is now ({@link SubmissionChecks}) on the cluster it names or the default
 * one ({@link Clusters}), its hosts are claimed, a new preview is counted against the caps on
 * previews ({@link PreviewCaps}), it is counted against its submitter's quota ({@link Quotas}), and
 * the saga takes it, all in one transaction.
 */
@Service
public class Submissions {

    private final Clusters clusters;
    private final HostClaims claims;
    private final Quotas quotas;
    private final PreviewCaps previewCaps;
    private final SagaService saga;
    private final SubmissionKeys keys;
    private final Clock clock;

    public Submissions(Clusters clusters, HostClaims claims, Quotas quotas, PreviewCaps previewCaps, SagaService saga, SubmissionKeys keys,
                       Clock clock) {
        this.clusters = clusters;
        this.previewCaps = previewCaps;
        this.claims = claims;
        this.quotas = quotas;
        this.saga = saga;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param who    the submitter, for messages ("token:codedang-ci", "broker user ci-codedang")
     * @throws org.springframework.security.access.AccessDeniedException outside the grants
     * @throws HostClaimedException when another live environment holds one of its hosts
     * @throws QuotaExceededException past the submitter's quota
     * @throws PreviewCapException a new preview past a cap on previews
     * @throws io.envsaga.contracts.spec.InvalidSpecException on a cluster it cannot be on, or a change that cannot be made in place
     */
    @Transactional
    public SagaState submit(String who, List<Grant> grants, Environment submitted) {
        Environment spec = clusters.place(submitted);
        return saga.submit(spec, current -> {
            SubmissionChecks.check(who, grants, spec, current, clusters);
            claims.claim(spec);
            previewCaps.check(who, spec, current);
            quotas.hold(who, grants, spec, current.isPresent());
        });
    }

    /**
     * A submission under the submitter's own key (the API's Idempotency-Key): the first takes the
     * key and remembers its answer in the same transaction; the same request under the same key
     * again submits nothing and is answered what the first was. A failed submission rolls the key
     * back with it, so a retry runs again.
     *
     * @param who           the authenticated identity: the key's namespace, and who submits
     * @param requestSha256 the request's fingerprint; another request under the same key is refused
     * @throws SubmissionKeyReusedException when the key is another request's, or its request has not finished
     */
    @Transactional
    public Submitted submitOnce(String who, String key, String requestSha256, List<Grant> grants, Environment spec) {
        if (keys.take(Origin.API, who, key, requestSha256, spec.name(), clock.instant())) {
            SagaState state = submit(who, grants, spec);
            keys.answered(Origin.API, who, key, state);
            return Submitted.of(state);
        }
        First first = keys.first(Origin.API, who, key).orElse(null);
        if (first == null || first.generation() == null) {
            throw new SubmissionKeyReusedException("the request that first sent Idempotency-Key '" + key + "' has not finished; try again", true);
        }
        if (!requestSha256.equals(first.requestSha256())) {
            throw new SubmissionKeyReusedException("Idempotency-Key '" + key + "' was already used by " + who
                    + " for another request (environment '" + first.environment() + "', generation " + first.generation()
                    + "): the same key must come with the same method, path and body; a new submission needs a new key", false);
        }
        return new Submitted(first.environment(), first.generation(), first.sagaId(), first.phase(), true);
    }
}
