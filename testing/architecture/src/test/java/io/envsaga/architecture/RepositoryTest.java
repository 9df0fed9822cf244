package io.envsaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envsaga.architecture.Repository.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a newcomer reads before the code: the README's two commands, the root's layout, classes of a readable size. */
class RepositoryTest {

    /** A class this long needs a sentence in its doc that says why (the style's limit is about 250). */
    static final int LONGEST_CLASS = 300;
    static final String REASON = "Longer than 300 lines because";

    @Test
    void theReadmesTestCommandIsOneLineAndCiRunsExactlyIt() {
        String command = firstCodeLineAfter(Repository.read("README.md"), "## Commands");
        assertThat(command).as("the README's test command").contains("scripts/services.sh").contains("./mvnw -B verify");
        List<String> ci = Repository.read(".ci/run").lines().map(String::strip)
                .filter(line -> line.contains("./mvnw")).toList();
        assertThat(ci).as(".ci/run's Maven line").hasSize(1);
        assertThat(ci.get(0)).as(".ci/run runs exactly the README's test command").startsWith(command + " ");
    }

    @Test
    void theReadmesFirstCommandBuildsAndRunsTheSandboxJarWhereTheBuildPutsIt() {
        String command = firstCodeLineAfter(Repository.read("README.md"), "## Try it first");
        Matcher jar = Pattern.compile("java -jar ([\\w/-]+)/target/([\\w-]+)\\.jar --apply (\\S+)").matcher(command);
        assertThat(jar.find()).as("the README's first command runs a module's jar: " + command).isTrue();
        Module sandbox = Repository.modules().stream().filter(module -> module.folder().equals(jar.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError(jar.group(1) + " is not a module of the build"));
        assertThat(sandbox.artifactId()).as("the jar is named after the module's artifact").isEqualTo(jar.group(2));
        assertThat(Repository.ROOT.resolve(jar.group(1)).resolve("target").resolve(jar.group(2) + ".jar"))
                .as("the jar, packaged by the reactor before these checks").isRegularFile();
        assertThat(Repository.ROOT.resolve(jar.group(3))).isRegularFile();
        for (String page : List.of("docs/sandbox.md", "docs/benchmarks.md")) {
            assertThat(Repository.read(page)).as(page + " quotes the README's first command as it is").contains(command);
        }
    }

    @Test
    void theRootHoldsWhatDocsArchitectureLaysOutAndEveryFolderItNamesExists() {
        Map<String, Set<String>> layout = layout();
        layout.forEach((entry, inside) -> {
            assertThat(Repository.ROOT.resolve(entry)).as(entry + " (in docs/architecture.md's layout) exists").exists();
            inside.forEach(child -> assertThat(Repository.ROOT.resolve(entry).resolve(child))
                    .as(entry + "/" + child + " (in docs/architecture.md's layout) exists").exists());
        });
        Set<String> tracked = trackedTopLevelEntries();
        tracked.removeIf(entry -> entry.startsWith("."));
        assertThat(new TreeSet<>(layout.keySet())).as("the root's entries (git ls-files, dot-entries aside) against docs/architecture.md's layout")
                .isEqualTo(tracked);
    }

    @Test
    void everyModuleIsInTheLayoutUnderItsFolder() {
        Map<String, Set<String>> layout = layout();
        for (Module module : Repository.modules()) {
            String[] parts = module.folder().split("/");
            assertThat(layout).as(module.folder() + " in docs/architecture.md's layout").containsKey(parts[0]);
            if (parts.length == 2) {
                assertThat(layout.get(parts[0])).as(module.folder() + " in docs/architecture.md's layout").contains(parts[1]);
            }
        }
    }

    /** docs/architecture.md's layout: each entry of the root, and the entries indented below it. */
    private static Map<String, Set<String>> layout() {
        Map<String, Set<String>> layout = new LinkedHashMap<>();
        String current = null;
        for (String line : codeBlockAfter(Repository.read("docs/architecture.md"), "<!-- layout -->").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String entry = line.strip().split("\\s+")[0].replaceAll("/$", "");
            if (line.startsWith(" ")) {
                assertThat(current).as("an indented entry follows its folder: " + line).isNotNull();
                layout.get(current).add(entry);
            } else {
                current = entry;
                layout.put(entry, new TreeSet<>());
            }
        }
        return layout;
    }

    @Test
    void noMainClassIsLongerThan300LinesWithoutSayingWhy() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int read = 0;
        for (Module module : Repository.modules()) {
            for (Path source : Repository.mainSources(module)) {
                List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
                read++;
                if (lines.size() > LONGEST_CLASS && lines.stream().noneMatch(line -> line.contains(REASON))) {
                    tooLong.add(Repository.ROOT.relativize(source) + " (" + lines.size() + " lines)");
                }
            }
        }
        assertThat(read).as("main sources read").isGreaterThan(200);
        assertThat(tooLong).as("main classes over " + LONGEST_CLASS + " lines whose doc does not say \"" + REASON + " …\"").isEmpty();
    }

    private static String firstCodeLineAfter(String page, String heading) {
        String block = codeBlockAfter(page, heading);
        List<String> lines = block.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("the command block after " + heading + " is one line").hasSize(1);
        return lines.get(0).strip();
    }

    private static String codeBlockAfter(String page, String marker) {
        int at = page.indexOf(marker);
        assertThat(at).as(marker + " in the page").isNotNegative();
        int start = page.indexOf("```", at);
        int bodyStart = page.indexOf('\n', start) + 1;
        int end = page.indexOf("```", bodyStart);
        return page.substring(bodyStart, end);
    }

    private static Set<String> trackedTopLevelEntries() {
        try {
            Process git = new ProcessBuilder("git", "ls-files").directory(Repository.ROOT.toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = git.waitFor();
            assumeTrue(exit == 0, "the checkout is a git repository (" + out.strip() + ")");
            Set<String> entries = new TreeSet<>();
            out.lines().filter(line -> !line.isBlank()).forEach(line -> entries.add(line.split("/")[0]));
            return entries;
        } catch (IOException e) {
            assumeTrue(false, "git is installed: " + e.getMessage());
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
