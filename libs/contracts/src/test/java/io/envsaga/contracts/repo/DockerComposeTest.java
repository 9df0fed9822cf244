package io.envsaga.contracts.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml cannot be run here (no Docker engine); this checks what can be checked
 * without one: it parses (merge keys included), has every part, mounts the jars the build
 * makes, and writes no credential. (It was also checked against the Compose specification's
 * schema with dclint 3.1.0; see docs/development.md.)
 */
class DockerComposeTest {

    private static final Path ROOT = Examples.dir().getParent();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPartOfEnvsagaIsAService() throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");

        assertThat(services).containsOnlyKeys("rabbitmq", "redis", "postgres", "orchestrator", "dns-service",
                "workload-service", "messaging-service", "cache-service", "storage-service");
        assertThat((String) ((Map<String, Object>) services.get("rabbitmq")).get("image")).contains("management");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachEnvsagaServiceRunsTheImageTheBuildMakesAndReachesTheBrokerAndTheCluster() throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        for (String module : List.of("orchestrator", "dns-service", "workload-service", "messaging-service", "cache-service", "storage-service")) {
            Map<String, Object> service = (Map<String, Object>) services.get(module);
            // the image Jib builds (pom.xml: image.registry/image.name), the same deploy/ runs
            assertThat((String) service.get("image")).as(module).isEqualTo("ghcr.io/envsaga/" + module + ":${ENVSAGA_VERSION:-0.1.0-SNAPSHOT}");
            assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml"))).as(module + " builds its image")
                    .contains("<image.name>" + module + "</image.name>").contains("<jib.skip>false</jib.skip>");
            if (!module.equals("orchestrator")) {
                assertThat((List<String>) service.get("volumes")).as(module + " reaches the cluster")
                        .contains("${KUBECONFIG:-~/.kube/config}:/kube/config:ro");
            }
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            assertThat(environment).as(module).containsEntry("SPRING_RABBITMQ_HOST", "rabbitmq").containsEntry("KUBECONFIG", "/kube/config");
            assertThat(Files.isDirectory(ROOT.resolve(module))).as(module + " is a module").isTrue();
        }
    }

    @Test
    void noCredentialIsWrittenInTheFile() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));
        Pattern credential = Pattern.compile("(?im)^\\s*[A-Z_]*(PASSWORD|PASS|SECRET|TOKEN)[A-Z_]*:\\s*(.*)$");
        var matcher = credential.matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
            assertThat(matcher.group(2)).as(matcher.group()).startsWith("${");
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }
}
