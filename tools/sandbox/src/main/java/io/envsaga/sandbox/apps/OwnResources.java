package io.envsaga.sandbox.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;

/**
 * The resources of one application's own jar. Every application has an {@code application.yaml}
 * (and a list of its dependencies) at the same path; on the sandbox's one class path
 * {@code classpath:application.yaml} would find only the first, so each application is pointed
 * at the one inside the jar its main class comes from.
 */
final class OwnResources {

    private OwnResources() {
    }

    /** The resource {@code name} in the jar (or directory) of {@code application}, or null. */
    static URL find(Class<?> application, String name) {
        CodeSource source = application.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + application.getName() + " was loaded from");
        }
        String home = base(source.getLocation().toString());
        try {
            for (URL url : Collections.list(application.getClassLoader().getResources(name))) {
                String text = url.toString();
                if (text.endsWith(name) && base(text.substring(0, text.length() - name.length())).equals(home)) {
                    return url;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A location without {@code jar:}, trailing {@code !/} or {@code /}: the same string for a jar's code source and its entries. */
    static String base(String location) {
        String text = location.startsWith("jar:") ? location.substring(4) : location;
        while (text.endsWith("/") || text.endsWith("!")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
