package io.envsaga.kubernetes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code envsaga.kubernetes.*}: how step services talk to the cluster.
 *
 * @param masterUrl          the API server; default: kubeconfig or in-cluster configuration
 * @param fieldManager       the server-side apply field manager
 * @param readyTimeout       how long an apply waits for readiness (all groups) before it fails (retryable)
 * @param releaseTimeout     how long a release waits for objects to be gone
 * @param crashLoopRestarts  restarts of a container in CrashLoopBackOff after which the step fails
 * @param operatorRetryGrace how long an object of a later group may report a failure before it
 *                           fails the step: an operator that reconciled it while what it refers to
 *                           was still settling retries (the topology operator requeues failed
 *                           objects with a back-off starting at seconds)
 */
@ConfigurationProperties("envsaga.kubernetes")
public record KubernetesSettings(String masterUrl, String fieldManager, Duration readyTimeout, Duration releaseTimeout,
                                 Integer crashLoopRestarts, Duration operatorRetryGrace) {

    @ConstructorBinding
    public KubernetesSettings {
        fieldManager = fieldManager == null ? "envsaga" : fieldManager;
        readyTimeout = readyTimeout == null ? Duration.ofMinutes(10) : readyTimeout;
        releaseTimeout = releaseTimeout == null ? Duration.ofMinutes(5) : releaseTimeout;
        crashLoopRestarts = crashLoopRestarts == null ? 3 : crashLoopRestarts;
        operatorRetryGrace = operatorRetryGrace == null ? Duration.ofSeconds(30) : operatorRetryGrace;
    }

    /** Without an operator retry grace of its own (the default, 30s). */
    public KubernetesSettings(String masterUrl, String fieldManager, Duration readyTimeout, Duration releaseTimeout, Integer crashLoopRestarts) {
        this(masterUrl, fieldManager, readyTimeout, releaseTimeout, crashLoopRestarts, null);
    }

    public static KubernetesSettings defaults() {
        return new KubernetesSettings(null, null, null, null, null, null);
    }

    public PodFailures podFailures() {
        return new PodFailures(crashLoopRestarts);
    }
}
