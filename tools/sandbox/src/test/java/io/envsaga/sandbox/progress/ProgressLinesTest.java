package io.envsaga.sandbox.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    @Test
    void eachStepsProgressOutputsAndFailuresAreOneLineEach() {
        assertThat(ProgressLines.of(event(EventType.STEP_PROGRESS, Step.WORKLOADS, new Payloads.StepProgress(Step.WORKLOADS, "api 1/2 available"))))
                .containsExactly("stage gen 3 workloads  ... api 1/2 available");
        assertThat(ProgressLines.of(event(EventType.STEP_SUCCEEDED, Step.DNS,
                new Payloads.StepSucceeded(Step.DNS, false, Map.of("zone", "codedang.com", "hosts", "stage.codedang.com")))))
                .containsExactly("stage gen 3 dns        succeeded: hosts=stage.codedang.com, zone=codedang.com");
        assertThat(ProgressLines.of(event(EventType.STEP_SUCCEEDED, Step.STORAGE, new Payloads.StepSucceeded(Step.STORAGE, true, Map.of()))))
                .containsExactly("stage gen 3 storage    skipped (not in the spec)");
        assertThat(ProgressLines.of(event(EventType.STEP_FAILED, Step.WORKLOADS,
                new Payloads.StepFailed(Step.WORKLOADS, "frontend: ImagePullBackOff for image x:broken", false, CommandKind.APPLY))))
                .containsExactly("stage gen 3 workloads  FAILED: frontend: ImagePullBackOff for image x:broken");
    }

    @Test
    void theEnvironmentsOutcomeWithEveryReason() {
        assertThat(ProgressLines.of(event(EventType.ENVIRONMENT_FAILED, null, new Payloads.EnvironmentFailed(List.of(
                new Payloads.StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff"), new Payloads.StepReason(Step.CACHE, "timed out"))))))
                .containsExactly("stage gen 3  FAILED:", "    workloads: frontend: ImagePullBackOff", "    cache: timed out");
        assertThat(ProgressLines.of(event(EventType.ENVIRONMENT_READY, null, new Payloads.EnvironmentReady(Map.of()))))
                .containsExactly("stage gen 3  READY");
    }

    private static Event<?> event(EventType type, Step step, Object data) {
        return Event.of(type, "/test", "stage", "saga-1", 3, step, data);
    }
}
