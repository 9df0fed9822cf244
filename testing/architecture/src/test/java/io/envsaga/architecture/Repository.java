package io.envsaga.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The checkout these checks read: its root, its modules (from the root pom) and their poms. */
final class Repository {

    static final Path ROOT = findRoot();

    /** A module of the build, by its folder (e.g. {@code libs/contracts}), and what its pom depends on. */
    record Module(String folder, String artifactId, List<Dependency> dependencies) {

        /** The module's name in docs/architecture.md: its folder's last part. */
        String name() {
            return folder.substring(folder.lastIndexOf('/') + 1);
        }

        Path dir() {
            return ROOT.resolve(folder);
        }

        boolean hasMainCode() {
            return Files.isDirectory(dir().resolve("src/main/java"));
        }
    }

    /** An envsaga module this pom depends on; {@code main} when compile or runtime scope (shipped with it). */
    record Dependency(String artifactId, boolean main) {
    }

    private Repository() {
    }

    static List<Module> modules() {
        Document root = xml(ROOT.resolve("pom.xml"));
        List<Module> modules = new ArrayList<>();
        for (Element module : children(first(root.getDocumentElement(), "modules"), "module")) {
            String folder = module.getTextContent().trim();
            Document pom = xml(ROOT.resolve(folder).resolve("pom.xml"));
            String artifactId = first(pom.getDocumentElement(), "artifactId").getTextContent().trim();
            List<Dependency> dependencies = new ArrayList<>();
            Element all = first(pom.getDocumentElement(), "dependencies");
            for (Element dependency : all == null ? List.<Element>of() : children(all, "dependency")) {
                String id = first(dependency, "artifactId").getTextContent().trim();
                if (!id.startsWith("envsaga-")) {
                    continue;
                }
                Element scope = first(dependency, "scope");
                String scopeName = scope == null ? "compile" : scope.getTextContent().trim();
                dependencies.add(new Dependency(id, scopeName.equals("compile") || scopeName.equals("runtime")));
            }
            modules.add(new Module(folder, artifactId, dependencies));
        }
        return modules;
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every main source file of every module, with its module. */
    static List<Path> mainSources(Module module) {
        if (!module.hasMainCode()) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(module.dir().resolve("src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci/run")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (.ci/run and pom.xml) above " + Path.of("").toAbsolutePath());
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }
}
