package io.envsaga.sandbox.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnClasspathFilterTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDependencyListThatMavenWrites() throws Exception {
        Path list = dir.resolve("dependencies.txt");
        Files.writeString(list, """

                The following files have been resolved:
                   io.envsaga:envsaga-bus:jar:0.1.0-SNAPSHOT
                   org.springframework.boot:spring-boot-amqp:jar:4.0.7 -- module spring.boot.amqp [auto]
                   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.2.7.Final -- module io.netty.transport.classes.epoll

                """);

        Set<String> own = OwnClasspathFilter.artifacts(list.toUri().toString());

        assertThat(own).contains("envsaga-bus-0.1.0-SNAPSHOT", "spring-boot-amqp-4.0.7", "spring-boot-amqp",
                "netty-transport-native-epoll-4.2.7.Final");
    }

    /** The README's {@code ./mvnw -q -DskipTests package} on a terminal: Maven colours the list it writes. */
    @Test
    void readsItAlsoWithTheTerminalColoursABuildOnATerminalWritesIntoIt() throws Exception {
        Path list = dir.resolve("dependencies.txt");
        Files.writeString(list, """
                The following files have been resolved:
                   org.apache.tomcat.embed:tomcat-embed-core:jar:11.0.22\u001B[36m -- module org.apache.tomcat.embed.core\u001B[m
                """);

        assertThat(OwnClasspathFilter.artifacts(list.toUri().toString())).contains("tomcat-embed-core-11.0.22", "tomcat-embed-core");
    }

    @Test
    void keepsOnlyAutoConfigurationsOfTheApplicationsOwnJars() {
        Set<String> own = Set.of("spring-boot-amqp-4.0.7", "spring-boot-amqp", "envsaga-kubernetes-0.1.0-SNAPSHOT", "envsaga-kubernetes");

        assertThat(OwnClasspathFilter.isOwn("spring-boot-amqp-4.0.7", own)).isTrue();
        assertThat(OwnClasspathFilter.isOwn("envsaga-kubernetes-0.1.0-SNAPSHOT", own)).isTrue();
        // another application's: the orchestrator's JDBC and Flyway
        assertThat(OwnClasspathFilter.isOwn("spring-boot-jdbc-4.0.7", own)).isFalse();
        assertThat(OwnClasspathFilter.isOwn("spring-boot-flyway-4.0.7", own)).isFalse();
        // a different version of an own artifact is not the one the application was built with
        assertThat(OwnClasspathFilter.isOwn("spring-boot-amqp-3.5.0", own)).isFalse();
        // a directory of classes (an IDE's build): kept
        assertThat(OwnClasspathFilter.isOwn(null, own)).isTrue();
    }

    @Test
    void aJarsEntriesAndItsCodeSourceHaveTheSameBase() {
        assertThat(OwnResources.base("jar:nested:/x/sandbox.jar/!BOOT-INF/lib/envsaga-dns-service-0.1.0-SNAPSHOT-classes.jar!/"))
                .isEqualTo(OwnResources.base("nested:/x/sandbox.jar/!BOOT-INF/lib/envsaga-dns-service-0.1.0-SNAPSHOT-classes.jar"));
        assertThat(OwnResources.base("jar:file:/m2/envsaga-dns-service-classes.jar!/")).isEqualTo("file:/m2/envsaga-dns-service-classes.jar");
    }
}
