package io.envsaga.kubernetes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.kubernetes.*}: how step services talk to the cluster.
 *
 * @param masterUrl         the API server; default: kubeconfig or in-cluster configuration
 * @param fieldManager      the server-side apply field manager
 * @param readyTimeout      how long an apply waits for readiness before it fails (retryable)
 * @param releaseTimeout    how long a release waits for objects to be gone
 * @param crashLoopRestarts restarts of a container in CrashLoopBackOff after which the step fails
 */
@ConfigurationProperties("envsaga.kubernetes")
public record KubernetesSettings(String masterUrl, String fieldManager, Duration readyTimeout, Duration releaseTimeout,
                                 Integer crashLoopRestarts) {

    public KubernetesSettings {
        fieldManager = fieldManager == null ? "envsaga" : fieldManager;
        readyTimeout = readyTimeout == null ? Duration.ofMinutes(10) : readyTimeout;
        releaseTimeout = releaseTimeout == null ? Duration.ofMinutes(5) : releaseTimeout;
        crashLoopRestarts = crashLoopRestarts == null ? 3 : crashLoopRestarts;
    }

    public static KubernetesSettings defaults() {
        return new KubernetesSettings(null, null, null, null, null);
    }

    public PodFailures podFailures() {
        return new PodFailures(crashLoopRestarts);
    }
}
