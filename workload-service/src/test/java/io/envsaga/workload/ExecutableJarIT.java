package io.envsaga.workload;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-workload-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
