package io.envsaga.envctl.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.SpecMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TargetTest {

    static JsonNode view(String phase, long generation, String sagaId, long lastGood) {
        return SpecMapper.json().readTree("""
                {"name": "e", "phase": "%s", "generation": %d, "sagaId": "%s", "lastGoodGeneration": %d,
                 "reasons": [{"step": "workloads", "reason": "boom"}]}
                """.formatted(phase, generation, sagaId, lastGood));
    }

    final Target apply = new Target("e", 3, "s3", false);

    @Test
    void anApplyEndsOnItsOwnGenerationsOutcome() {
        assertThat(apply.decide(view("ready", 2, "s2", 2))).as("the state before ours").isNull();
        assertThat(apply.decide(view("applying", 3, "s3", 2))).isNull();
        assertThat(apply.decide(view("ready", 3, "s3", 3)).exitCode()).isZero();
        assertThat(apply.decide(view("failed", 3, "s3", 0))).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.summary()).endsWith("(rolled back)");
            assertThat(o.reasons()).containsExactly("workloads: boom");
        });
    }

    @Test
    void aFailedUpdateIsSeenInTheRestoreThatFollowsIt() {
        Outcome outcome = apply.decide(view("applying", 4, "s3-restore", 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.summary()).contains("goes back to its last good spec, generation 2");
        assertThat(outcome.reasons()).containsExactly("workloads: boom");
    }

    @Test
    void aNewerSubmissionSupersedesAndADeletionEndsDeleted() {
        assertThat(apply.decide(view("applying", 4, "other", 2)).summary()).startsWith("superseded");
        Target deletion = new Target("e", 3, "s3", true);
        assertThat(deletion.decide(view("deleting", 3, "s3", 3))).isNull();
        assertThat(deletion.decide(view("deleted", 3, "s3", 0)).exitCode()).isZero();
        assertThat(deletion.decide(view("failed", 3, "s3", 3)).exitCode()).isEqualTo(1);
    }
}
