package io.envsaga.cache;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-cache-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
