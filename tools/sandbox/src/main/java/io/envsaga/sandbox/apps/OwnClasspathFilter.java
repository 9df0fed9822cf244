package io.envsaga.sandbox.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps each application of the sandbox to the auto-configurations it has in production. The
 * sandbox's class path is the union of the six applications'; without this filter the
 * orchestrator's JDBC, Flyway and Spring Security would configure themselves in every service,
 * and Kubernetes clients would appear in the orchestrator. An auto-configuration class is kept
 * only when the jar it comes from is among the application's own dependencies (the list its
 * build writes to {@code META-INF/envsaga/dependencies.txt}, named by
 * {@value #DEPENDENCIES_PROPERTY}). Without that property (any other Spring application) it keeps
 * everything.
 */
public class OwnClasspathFilter implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

    public static final String DEPENDENCIES_PROPERTY = "envsaga.sandbox.own-dependencies";

    private String dependencies;
    private ClassLoader classLoader = OwnClasspathFilter.class.getClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.dependencies = environment.getProperty(DEPENDENCIES_PROPERTY);
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        Set<String> own = dependencies == null ? null : artifacts(dependencies);
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String name = autoConfigurationClasses[i];
            matches[i] = own == null || name == null || isOwn(jarOf(name), own);
        }
        return matches;
    }

    /** The file name of the jar a class is in, without {@code .jar}; null for a directory or an unknown class. */
    private String jarOf(String className) {
        URL url = classLoader.getResource(className.replace('.', '/') + ".class");
        if (url == null) {
            return null;
        }
        String text = url.toString();
        int entry = text.lastIndexOf("!/");
        if (entry < 0) {
            return null;
        }
        String jar = OwnResources.base(text.substring(0, entry));
        String file = jar.substring(jar.lastIndexOf('/') + 1);
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : null;
    }

    static boolean isOwn(String jar, Set<String> own) {
        if (jar == null) {
            return true;
        }
        String name = jar.endsWith("-classes") ? jar.substring(0, jar.length() - "-classes".length()) : jar;
        return own.contains(name);
    }

    /** Terminal colours: a build run on a terminal (the README's {@code ./mvnw -q ...}) writes them into the list too. */
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*m");

    /** {@code artifactId-version} and {@code artifactId} of each line {@code group:artifact:type[:classifier]:version}. */
    static Set<String> artifacts(String location) {
        try (InputStream in = new URL(location).openStream()) {
            Set<String> artifacts = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                String coordinates = ANSI.matcher(line).replaceAll("").trim().split(" -- ")[0].trim();
                String[] parts = coordinates.split(":");
                if (parts.length >= 4) {
                    artifacts.add(parts[1] + "-" + parts[parts.length - 1]);
                    artifacts.add(parts[1]);
                }
            }
            return artifacts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dependency list " + location, e);
        }
    }
}
