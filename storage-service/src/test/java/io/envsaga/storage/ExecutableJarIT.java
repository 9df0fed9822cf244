package io.envsaga.storage;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-storage-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
