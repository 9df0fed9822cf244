package io.envsaga.testsupport.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URL;

/**
 * A module's test that its main code's packages form no cycle, in one line:
 * {@code PackageCycles.assertNone(OrchestratorApplication.class)}. The class names the module's
 * base package (its own) and where its main classes are (its class path entry: the module's
 * {@code target/classes}, so neither tests nor another module sharing the base package count).
 * Each package right below the base is one slice with its subpackages, as in ArchUnit's
 * {@code slices().matching("base.(*)..")}, and the base package itself is one more, so that a
 * cycle through the base's own classes fails too.
 *
 * <p>Needs {@code com.tngtech.archunit:archunit} on the module's test class path (optional here).
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** @throws AssertionError naming each cycle and the dependencies that close it */
    public static void assertNone(Class<?> inBasePackage) {
        assertNone(inBasePackage.getProtectionDomain().getCodeSource().getLocation(), inBasePackage.getPackageName());
    }

    /**
     * The same for the classes at {@code classes} (a module's {@code target/classes}) below
     * {@code base}, e.g. for a check that reads every module of the build.
     *
     * @throws AssertionError naming each cycle and the dependencies that close it
     */
    public static void assertNone(URL classes, String base) {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolving = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false); // only the module's own classes take part
        JavaClasses imported;
        try {
            imported = new ClassFileImporter()
                    .withImportOption(location -> location.contains("/" + base.replace('.', '/') + "/"))
                    .importUrl(classes);
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolving);
        }
        slices().assignedFrom(packagesBelow(base)).should().beFreeOfCycles().check(imported);
    }

    private static SliceAssignment packagesBelow(String base) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(base)) {
                    return SliceIdentifier.of(base);
                }
                if (!name.startsWith(base + ".")) {
                    return SliceIdentifier.ignore();
                }
                String below = name.substring(base.length() + 1);
                int dot = below.indexOf('.');
                return SliceIdentifier.of(base + "." + (dot < 0 ? below : below.substring(0, dot)));
            }

            @Override
            public String getDescription() {
                return "the packages of " + base + " (each with its subpackages) and " + base + " itself";
            }
        };
    }
}
