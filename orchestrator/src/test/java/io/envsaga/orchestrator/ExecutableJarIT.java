package io.envsaga.orchestrator;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-orchestrator.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
