package io.envsaga.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.dns.route53.RateLimitProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/** Bad configuration stops the service at start-up with where and why, not a stack of beans. */
class ConfigurationErrorsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DnsProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, DnsConfiguration.class)
            .withPropertyValues("envsaga.dns.route53.endpoint=http://127.0.0.1:9", "envsaga.dns.executor.exclusive=false");

    @Test
    void noZoneAllowlist() {
        runner.withPropertyValues("envsaga.dns.nodes.addresses=203.0.113.10").run(context ->
                assertThat(rootMessage(context.getStartupFailure())).isEqualTo("envsaga.dns.zones: list the hosted zones envsaga may manage"));
    }

    @Test
    void aNodeAddressThatIsNotIpv4() {
        runner.withPropertyValues("envsaga.dns.zones=codedang.com", "envsaga.dns.nodes.addresses=203.0.113.10,300.0.0.1").run(context ->
                assertThat(rootMessage(context.getStartupFailure())).isEqualTo("envsaga.dns.nodes.addresses[1]: '300.0.0.1' is not an IPv4 address"));
    }

    @Test
    void neitherAddressesNorTheCluster() {
        runner.withPropertyValues("envsaga.dns.zones=codedang.com").run(context ->
                assertThat(rootMessage(context.getStartupFailure())).isEqualTo("envsaga.dns.nodes: set addresses, or from-cluster: true"));
    }

    @Test
    void aRateLimitOfZero() {
        runner.withPropertyValues("envsaga.dns.zones=codedang.com", "envsaga.dns.nodes.addresses=203.0.113.10",
                "envsaga.dns.rate-limit.requests-per-second=0").run(context ->
                assertThat(rootMessage(context.getStartupFailure()))
                        .isEqualTo("envsaga.dns.rate-limit needs burst >= 1 and requests-per-second > 0"));
    }

    @Test
    void aPerActionBucketWithoutARate() {
        runner.withPropertyValues("envsaga.dns.zones=codedang.com", "envsaga.dns.nodes.addresses=203.0.113.10",
                "envsaga.dns.rate-limit.actions.GetChange.burst=2").run(context ->
                assertThat(rootMessage(context.getStartupFailure()))
                        .isEqualTo("envsaga.dns.rate-limit.actions.GetChange needs burst >= 1 and per-second > 0"));
    }

    @Test
    void perActionAndChangeCountBucketsBind() {
        runner.withPropertyValues("envsaga.dns.zones=codedang.com", "envsaga.dns.nodes.addresses=203.0.113.10",
                "envsaga.dns.rate-limit.actions.GetChange.burst=2", "envsaga.dns.rate-limit.actions.GetChange.per-second=1",
                "envsaga.dns.rate-limit.changes.burst=1000", "envsaga.dns.rate-limit.changes.per-second=100").run(context -> {
            assertThat(context).hasNotFailed();
            RateLimitProperties limits = context.getBean(DnsProperties.class).rateLimit();
            assertThat(limits.actions()).hasSize(1).containsValue(new RateLimitProperties.Bucket(2, 1.0));
            assertThat(limits.changes()).isEqualTo(new RateLimitProperties.Bucket(1000, 100.0));
        });
    }

    @Test
    void aGoodConfigurationStartsAndZonesAreComparedWithoutCaseOrTrailingDot() {
        runner.withPropertyValues("envsaga.dns.zones=Codedang.com.", "envsaga.dns.nodes.addresses=203.0.113.10").run(context -> {
            assertThat(context).hasNotFailed();
            DnsProperties properties = context.getBean(DnsProperties.class);
            assertThat(properties.allows("codedang.com")).isTrue();
            assertThat(properties.allows("other.org")).isFalse();
        });
    }

    private static String rootMessage(Throwable failure) {
        assertThat(failure).as("start-up failure").isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
    }
}
