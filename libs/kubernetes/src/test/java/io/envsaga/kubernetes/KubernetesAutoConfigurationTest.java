package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;

class KubernetesAutoConfigurationTest {

    @Test
    void aMasterUrlPointsTheClientElsewhereWithoutSwitchingOffTlsVerification() {
        Config config = KubernetesAutoConfiguration.config(
                new KubernetesSettings("https://cluster.example:6443", null, null, null, null));

        assertThat(config.getMasterUrl()).startsWith("https://cluster.example:6443");
        assertThat(config.isTrustCerts()).as("certificates are verified").isFalse();
        assertThat(config.isDisableHostnameVerification()).isFalse();
    }
}
