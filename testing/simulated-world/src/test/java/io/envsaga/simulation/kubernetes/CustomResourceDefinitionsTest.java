package io.envsaga.simulation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test cluster's CRDs (crds/, and envsaga's own from deploy/crds/): every file is listed in
 * index.txt, names its upstream source, and every served version has a schema that declares the fields of spec, so that the mock
 * refuses a field the real CRD does not know (CrdSchemas).
 */
class CustomResourceDefinitionsTest {

    private static final Path CRDS = Path.of("src/main/resources/io/envsaga/simulation/kubernetes/crds");

    @Test
    void everyCrdFileIsListedInTheIndexAndNamesItsUpstreamSource() throws IOException {
        List<String> index = Files.readAllLines(CRDS.resolve("index.txt"), StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(line -> !line.isEmpty()).toList();
        try (Stream<Path> files = Files.list(CRDS)) {
            List<String> yamls = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).toList();
            assertThat(index).containsExactlyInAnyOrderElementsOf(yamls);
        }
        for (String file : index) {
            assertThat(Files.readString(CRDS.resolve(file), StandardCharsets.UTF_8)).as(file)
                    .containsPattern("written from [\\w.-]+/[\\w.-]+ [\\w./-]+\\.yaml at [0-9a-f]{8}");
        }
    }

    @Test
    void everyServedVersionDeclaresTheFieldsOfSpec() {
        List<CustomResourceDefinition> crds = SimulatedCluster.customResourceDefinitions();
        assertThat(crds).hasSize(15).last().satisfies(crd -> assertThat(crd.getMetadata().getName()).isEqualTo("environments.envsaga.io"));
        for (CustomResourceDefinition crd : crds) {
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                String what = crd.getMetadata().getName() + " " + version.getName();
                JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
                assertThat(schema.getXKubernetesPreserveUnknownFields()).as(what).isNotEqualTo(Boolean.TRUE);
                JSONSchemaProps spec = schema.getProperties().get("spec");
                assertThat(spec).as(what + " spec").isNotNull();
                assertThat(spec.getProperties()).as(what + " spec's fields").isNotEmpty();
                assertThat(spec.getXKubernetesPreserveUnknownFields()).as(what + " spec").isNotEqualTo(Boolean.TRUE);
            }
        }
    }
}
