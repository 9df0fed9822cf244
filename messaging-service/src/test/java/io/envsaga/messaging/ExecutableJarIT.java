package io.envsaga.messaging;

import io.envsaga.testsupport.apps.ExecutableJarCheck;

/** {@code java -jar target/envsaga-messaging-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {
}
