package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

/**
 * A handler for {@code classpath:} URLs, which Qpid Broker-J uses for its own resources. The JDK
 * has none; {@code java.protocol.handler.pkgs} and the {@code URLStreamHandlerProvider} service
 * are looked up by the system class loader, which inside a Spring Boot fat jar does not see the
 * application's classes. The JVM's one {@code URLStreamHandlerFactory} is embedded Tomcat's
 * (it fails to start if another is set), which takes further factories: this handler is added to it.
 */
final class ClasspathUrls {

    private static volatile boolean installed;

    private ClasspathUrls() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        // the JVM has one factory, and embedded Tomcat insists on setting its own: ours is added to Tomcat's
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.getInstance()
                .addUserFactory(protocol -> "classpath".equals(protocol) ? new Handler() : null);
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
                // Broker-J expects FileNotFoundException for an optional resource (its system.properties)
                throw new java.io.FileNotFoundException("no resource " + path + " on the class path");
            }
            return resource.openConnection();
        }
    }
}
