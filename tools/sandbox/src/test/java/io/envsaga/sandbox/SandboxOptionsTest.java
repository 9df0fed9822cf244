package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void theReadmesCommandAppliesTheExampleWithTheDefaults() {
        SandboxOptions options = SandboxOptions.parse("--apply", "examples/codedang-stage.yaml");

        assertThat(options.apply()).containsExactly(Path.of("examples/codedang-stage.yaml"));
        assertThat(options.directory()).isEqualTo(Path.of(".envsaga"));
        assertThat(options.apiPort()).isEqualTo(8080);
        assertThat(options.rabbitmq()).isEqualTo(new InetSocketAddress("127.0.0.1", 5672));
        assertThat(options.management()).isEqualTo(new InetSocketAddress("127.0.0.1", 15672));
        assertThat(options.postgres()).isEqualTo(new InetSocketAddress("127.0.0.1", 5432));
        assertThat(options.redis()).isEqualTo(new InetSocketAddress("127.0.0.1", 6379));
        assertThat(options.busPrefix()).isEqualTo("envsaga-sandbox");
        assertThat(options.embeddedOnly()).isFalse();
    }

    @Test
    void everyOptionIsRead() {
        SandboxOptions options = SandboxOptions.parse("--apply", "a.yaml", "b.yaml", "--dir", "/tmp/x", "--port", "0",
                "--kubernetes-port", "6443", "--rabbitmq", "10.0.0.1:5673", "--rabbitmq-management", "10.0.0.2:15673", "--postgres", "db:5433",
                "--redis", "cache:6380", "--bus-prefix", "mine", "--database", "mine_db", "--embedded", "--zone", "example.com", "example.org");

        assertThat(options.apply()).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"));
        assertThat(options.directory()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.apiPort()).isZero();
        assertThat(options.kubernetesPort()).isEqualTo(6443);
        assertThat(options.rabbitmq().getPort()).isEqualTo(5673);
        assertThat(options.management()).isEqualTo(new InetSocketAddress("10.0.0.2", 15673));
        assertThat(options.postgres().getHostString()).isEqualTo("db");
        assertThat(options.redis().getPort()).isEqualTo(6380);
        assertThat(options.busPrefix()).isEqualTo("mine");
        assertThat(options.database()).isEqualTo("mine_db");
        assertThat(options.embeddedOnly()).isTrue();
        assertThat(options.zones()).isEqualTo(List.of("example.com", "example.org"));
    }

    @Test
    void theManagementApiIsLookedForOnTheBrokersHostUnlessGivenApart() {
        assertThat(SandboxOptions.parse("--rabbitmq", "mq:5673").management()).isEqualTo(new InetSocketAddress("mq", 15672));
        assertThat(SandboxOptions.parse("--rabbitmq-management", "127.0.0.1:1", "--rabbitmq", "mq:5673").management())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 1));
    }

    @Test
    void aWrongArgumentSaysWhichAndWhy() {
        assertThatThrownBy(() -> SandboxOptions.parse("--aply", "x.yaml")).hasMessage("unknown argument --aply");
        assertThatThrownBy(() -> SandboxOptions.parse("--port", "eighty")).hasMessage("--port expects a port number (0-65535), got 'eighty'");
        assertThatThrownBy(() -> SandboxOptions.parse("--port", "70000")).hasMessage("--port expects a port number (0-65535), got '70000'");
        assertThatThrownBy(() -> SandboxOptions.parse("--rabbitmq", "localhost")).hasMessage("--rabbitmq expects HOST:PORT, got 'localhost'");
        assertThatThrownBy(() -> SandboxOptions.parse("--dir")).hasMessage("--dir needs a value");
        assertThatThrownBy(() -> SandboxOptions.parse("--dir", "--port", "1")).hasMessage("--dir needs a value");
    }
}
