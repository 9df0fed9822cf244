package io.envsaga.testsupport.kubernetes;

import io.envsaga.simulation.kubernetes.SimulatedCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The simulated Kubernetes API as a JUnit extension, one per test class:
 * <pre>{@code @RegisterExtension static final KubernetesTestCluster cluster = new KubernetesTestCluster();}</pre>
 */
public class KubernetesTestCluster extends SimulatedCluster implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }
}
