package io.envsaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.architecture.Repository.Module;
import io.envsaga.testsupport.architecture.PackageCycles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's main code has a package cycle: each module's {@code target/classes} (built by the
 * reactor before these checks), its packages right below the module's base package as slices
 * (test-support's {@link PackageCycles}). A new module is checked without anyone adding a test.
 */
class PackageCyclesInEveryModuleTest {

    @Test
    void noModuleHasAPackageCycle() {
        List<String> failures = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Module module : Repository.modules()) {
            if (!module.hasMainCode()) {
                continue;
            }
            Path classes = module.dir().resolve("target/classes");
            assertThat(classes).as(module.folder() + "'s classes: build the whole reactor (./mvnw verify) before these checks").isDirectory();
            String base = basePackage(classes);
            try {
                PackageCycles.assertNone(classes.toUri().toURL(), base);
                checked.add(module.folder() + " (" + base + ")");
            } catch (AssertionError cycle) {
                failures.add(module.folder() + ": " + cycle.getMessage());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(failures).as("package cycles").isEmpty();
        assertThat(checked).as("modules checked").hasSizeGreaterThan(10);
    }

    /** The longest package that holds every class of the module (e.g. io.envsaga.dns). */
    private static String basePackage(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> packages = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file.getParent()).toString().replace('/', '.'))
                    .distinct().toList();
            String base = packages.get(0);
            for (String name : packages) {
                while (!(name.equals(base) || name.startsWith(base + "."))) {
                    base = base.substring(0, Math.max(0, base.lastIndexOf('.')));
                }
            }
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
