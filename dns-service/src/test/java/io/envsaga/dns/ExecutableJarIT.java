package io.envsaga.dns;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-dns-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
