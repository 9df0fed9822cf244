package io.envsaga.testsupport.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Golden files of rendered objects under a module's {@code src/test/resources/golden/}. A
 * difference fails the test; {@code -Dgolden.update=true} rewrites the files instead (review the
 * diff before committing).
 */
public final class GoldenFiles {

    public static final Path DIR = Path.of("src", "test", "resources", "golden");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private GoldenFiles() {
    }

    public static String yaml(List<? extends HasMetadata> objects) {
        return objects.stream().map(SERIALIZATION::asYaml).collect(Collectors.joining());
    }

    public static void assertMatches(String name, List<? extends HasMetadata> objects) {
        assertMatches(name, yaml(objects));
    }

    public static List<HasMetadata> read(String name) {
        try {
            String text = Files.readString(DIR.resolve(name + ".yaml"));
            Object parsed = SERIALIZATION.unmarshal(text);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name + ".yaml");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual);
                return;
            }
            assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
            assertThat(actual).as("rendered objects differ from %s (rewrite with -Dgolden.update=true)", file)
                    .isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
