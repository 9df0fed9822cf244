package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The sandbox ships the simulated world, not the test harness: its jar (built before the
 * integration tests run) holds no JUnit, Testcontainers or other test library, neither as a
 * nested jar nor as classes.
 */
class SandboxJarContentsIT {

    private static final Pattern TEST_LIBRARY_JAR = Pattern.compile(
            "BOOT-INF/lib/(junit-|testcontainers|rabbitmq-[0-9]|postgresql-[0-9].*-tests|assertj-|mockito-|archunit|spring-boot-test|spring-test-|opentest4j|apiguardian|envsaga-test-support).*\\.jar");
    private static final Pattern TEST_LIBRARY_CLASS = Pattern.compile(
            "(BOOT-INF/classes/)?(org/junit/|org/testcontainers/|org/assertj/|org/mockito/|com/tngtech/archunit/|io/envsaga/testsupport/).*");

    @Test
    void theJarHoldsNoJUnitTestcontainersOrOtherTestLibrary() throws IOException {
        Path jar = Path.of("target", "envsaga-sandbox.jar");
        assertThat(jar).as("the sandbox jar, built by package before the integration tests").isRegularFile();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(entries).as("the jar's nested libraries").anyMatch(name -> name.startsWith("BOOT-INF/lib/envsaga-simulated-world"));
            assertThat(entries).filteredOn(name -> TEST_LIBRARY_JAR.matcher(name).matches()).isEmpty();
            assertThat(entries).filteredOn(name -> TEST_LIBRARY_CLASS.matcher(name).matches()).isEmpty();
        }
        assertThat(Files.size(jar)).isPositive();
    }
}
