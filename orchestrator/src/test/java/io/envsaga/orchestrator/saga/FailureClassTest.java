package io.envsaga.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reasons the step services and the saga really write, each read as its class. */
class FailureClassTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            web: ImagePullBackOff for image ghcr.io/skkuding/codedang-frontend:nope: not found | IMAGE_PULL
            web: ErrImagePull for image x:1: manifest unknown                                   | IMAGE_PULL
            web: InvalidImageName for image NOT AN IMAGE                                        | IMAGE_PULL
            not ready after PT10M: Deployment web (ImagePullBackOff for image x:1)              | IMAGE_PULL
            web: CrashLoopBackOff after 3 restarts of container app: exit code 1                | CRASH_LOOP
            the API server rejected Deployment web: admission webhook "x" denied the request    | OPERATOR_REFUSED
            web: traefik/traefik-gateway refused it: Accepted=False NotAllowedByListeners: no   | OPERATOR_REFUSED
            web-tls: cert-manager could not issue it: Failed: ACME order failed                 | OPERATOR_REFUSED
            Route53 rejected the change: InvalidChangeBatch                                     | OPERATOR_REFUSED
            the cluster does not serve Redis: is its CustomResourceDefinition installed?        | OPERATOR_REFUSED
            timed out after 10m                                                                 | TIMEOUT
            release timed out after 5m                                                          | TIMEOUT
            not ready after PT10M: Redis cache (0 of 1 pods ready)                              | TIMEOUT
            web: ProgressDeadlineExceeded: ReplicaSet web-5d9 has timed out progressing         | TIMEOUT
            PostgreSQL stage-db: role 'app' exists and was not made by this environment's saga  | OTHER
            spec.dns.zone: example.org is not a zone envsaga may manage                         | OTHER
            """)
    void aReasonIsReadAsItsClass(String reason, FailureClass expected) {
        assertThat(FailureClass.of(reason)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"IMAGE_PULL, image_pull", "CRASH_LOOP, crash_loop", "OPERATOR_REFUSED, operator_refused", "TIMEOUT, timeout", "OTHER, other"})
    void theLabelIsTheClassInLowerCase(FailureClass failureClass, String label) {
        assertThat(failureClass.label()).isEqualTo(label);
    }

    @org.junit.jupiter.api.Test
    void noReasonIsOther() {
        assertThat(FailureClass.of(null)).isEqualTo(FailureClass.OTHER);
        assertThat(FailureClass.of("")).isEqualTo(FailureClass.OTHER);
    }
}
