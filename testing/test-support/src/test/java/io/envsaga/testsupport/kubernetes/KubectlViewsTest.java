package io.envsaga.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (/usr/bin/kubectl) lists what is in the mock API server, through its kubeconfig. */
class KubectlViewsTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    @TempDir
    static Path dir;

    @BeforeAll
    static void objects() {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .addToLabels("envsaga.io/environment", "shop").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        cluster.controllers().completeRollout("shop", "web");
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec().build()).create();
        client.network().v1().ingresses().inNamespace("shop").resource(new IngressBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().addNewRule().withHost("shop.example.com").endRule().endSpec().build()).create();
    }

    @Test
    void getDeploymentsServicesAndIngressesInAllNamespaces() throws Exception {
        String out = kubectl("get", "deploy,svc,ingress", "-A");

        assertThat(out).contains("NAMESPACE", "READY", "UP-TO-DATE", "AVAILABLE", "PORT(S)", "HOSTS");
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("shop", "deployment.apps/web", "2/2"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("shop", "service/web", "80/TCP"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("shop", "ingress.networking.k8s.io/shop", "shop.example.com"));
    }

    @Test
    void aLabelSelectorAndCustomResourcesWork() throws Exception {
        assertThat(kubectl("get", "deploy", "-A", "-l", "envsaga.io/environment=shop")).contains("web");
        assertThat(kubectl("get", "deploy", "-A", "-l", "envsaga.io/environment=other")).contains("No resources found");
        assertThat(kubectl("get", "rabbitmqclusters", "-A")).contains("No resources found");
    }

    @Test
    void oneObjectAsYaml() throws Exception {
        assertThat(kubectl("get", "deploy", "web", "-n", "shop", "-o", "yaml")).contains("image: nginx:1", "availableReplicas: 2");
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig());
        List<String> command = new java.util.ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
