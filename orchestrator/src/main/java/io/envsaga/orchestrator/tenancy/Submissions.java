package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.store.SagaStore;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a spec becomes a generation, for REST and the intake alike: under the
 * environment's lock, the submitter's grants are checked against the spec and the environment as
 * it is now, the spec's hosts are claimed, and the saga takes the spec, all in one transaction.
 */
@Service
public class Submissions {

    private final SagaStore store;
    private final HostClaims claims;
    private final SagaService saga;

    public Submissions(SagaStore store, HostClaims claims, SagaService saga) {
        this.store = store;
        this.claims = claims;
        this.saga = saga;
    }

    /**
     * @param who    the submitter, for messages ("token:codedang-ci", "broker user ci-codedang")
     * @throws org.springframework.security.access.AccessDeniedException outside the grants
     * @throws HostClaimedException when another live environment holds one of its hosts
     */
    @Transactional
    public SagaState submit(String who, List<Grant> grants, Environment spec) {
        store.ensureLockRow(spec.name());
        Optional<SagaState> current = store.lockAndFind(spec.name());
        SubmissionPolicy.check(who, grants, spec, current);
        claims.claim(spec);
        return saga.submit(spec, current);
    }
}
