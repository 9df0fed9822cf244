package io.envsaga.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The owner id of a dns-service's records: per cluster unless configured, because a dns-service
 * re-points every record of its owner id at its own nodes; two clusters' dns-services under one id
 * would move each other's hosts.
 */
class OwnerIdTest {

    @Test
    void theDefaultClusterKeepsTheBusPrefixAndAnyOtherClusterAddsItsName() {
        assertThat(DnsConfiguration.ownerId("", "envsaga", "default")).isEqualTo("envsaga");
        assertThat(DnsConfiguration.ownerId(null, "envsaga", "production")).isEqualTo("envsaga-production");
        assertThat(DnsConfiguration.ownerId("", "envsaga", "stage")).isNotEqualTo(DnsConfiguration.ownerId("", "envsaga", "production"));
    }

    @Test
    void aConfiguredOwnerIdIsKeptOnEveryCluster() {
        assertThat(DnsConfiguration.ownerId("codedang-stage", "envsaga", "stage")).isEqualTo("codedang-stage");
    }
}
