package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

/**
 * A handler for {@code classpath:} URLs, which Qpid Broker-J uses for its own resources. The JDK
 * has none; {@code java.protocol.handler.pkgs} and the {@code URLStreamHandlerProvider} service
 * are looked up by the system class loader, which inside a Spring Boot fat jar does not see the
 * application's classes, so the factory is set once for the JVM, before anything else sets one.
 */
final class ClasspathUrls {

    private static volatile boolean installed;

    private ClasspathUrls() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            URL.setURLStreamHandlerFactory(protocol -> "classpath".equals(protocol) ? new Handler() : null);
        } catch (Error alreadySet) {
            // someone set a factory first; Broker-J then only works if it knows classpath: (it says so when it does not)
        }
        installed = true;
    }

    private static final class Handler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
            URL resource = Thread.currentThread().getContextClassLoader() == null ? null
                    : Thread.currentThread().getContextClassLoader().getResource(path);
            if (resource == null) {
                resource = ClasspathUrls.class.getClassLoader().getResource(path);
            }
            if (resource == null) {
                throw new IOException("no resource " + path + " on the class path");
            }
            return resource.openConnection();
        }
    }
}
