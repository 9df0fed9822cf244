package io.envsaga.kubernetes.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.kubernetes.names.ConnectionNames;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void clusterDnsIsTheServicesNameInItsNamespace() {
        assertThat(new ClusterDnsEndpoints().resolve("codedang-stage", ConnectionNames.rabbitmqService("codedang-stage"), 5672))
                .isEqualTo(InetSocketAddress.createUnresolved("codedang-stage-rabbitmq.codedang-stage.svc", 5672));
    }

    @Test
    void fixedEndpointsAnswerOnlyWhatWasRegisteredAndNameWhatIsMissing() {
        FixedEndpoints fixed = new FixedEndpoints(Map.of("ns/svc:5672", "127.0.0.1:5673"));
        fixed.register("other", "mq", 5672, "localhost", 5674);

        assertThat(fixed.resolve("ns", "svc", 5672)).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 5673));
        assertThat(fixed.resolve("other", "mq", 5672)).isEqualTo(InetSocketAddress.createUnresolved("localhost", 5674));
        assertThatThrownBy(() -> fixed.resolve("ns", "svc", 15672)).hasMessage("no fixed endpoint for Service ns/svc:15672");
        fixed.unregister("other", "mq", 5672);
        assertThatThrownBy(() -> fixed.resolve("other", "mq", 5672)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMalformedFixedEntryIsRefusedNamingIt() {
        assertThatThrownBy(() -> new FixedEndpoints(Map.of("ns-svc", "127.0.0.1:1")))
                .hasMessage("fixed endpoint ns-svc=127.0.0.1:1: expected namespace/service:port=host:port");
    }

    @Test
    void theSharedNamesFollowTheConventions() {
        assertThat(ConnectionNames.rabbitmqDefaultUserSecret("e")).isEqualTo("e-rabbitmq-default-user");
        assertThat(ConnectionNames.rabbitmqUserSecret("e", "iris")).isEqualTo("e-rabbitmq-iris-user-credentials");
        assertThat(ConnectionNames.redisAuthSecret("e")).isEqualTo("e-redis-auth");
        assertThat(ConnectionNames.postgresCredentialsSecret("e")).isEqualTo("e-postgres-credentials");
        assertThat(ConnectionNames.minioCredentialsSecret("e")).isEqualTo("e-minio-credentials");
    }
}
