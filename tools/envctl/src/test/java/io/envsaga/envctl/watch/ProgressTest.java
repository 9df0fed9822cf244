package io.envsaga.envctl.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.SpecMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProgressTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:05Z"), ZoneOffset.UTC);

    static JsonNode view(String phase, String workloads, String progress) {
        return SpecMapper.json().readTree("""
                {"name": "codedang-pr-7", "phase": "%s", "generation": 2, "sagaId": "s", "updatedAt": "2026-11-23T10:00:04Z",
                 "steps": {
                   "dns": {"status": "succeeded", "startedAt": "2026-11-23T10:00:00Z", "updatedAt": "2026-11-23T10:00:01Z", "outputs": {}},
                   "workloads": {"status": "%s", "progress": "%s", "startedAt": "2026-11-23T10:00:00Z", "updatedAt": "2026-11-23T10:00:04Z"}
                 }}
                """.formatted(phase, workloads, progress));
    }

    @Test
    void onATerminalTheBlockIsRedrawnInPlaceWithABarPerStep() {
        StringWriter out = new StringWriter();
        TerminalProgress progress = new TerminalProgress(new PrintWriter(out), CLOCK, 120);

        progress.show(view("applying", "pending", "frontend 1/4 available"));
        String first = out.toString();
        progress.show(view("applying", "pending", "frontend 3/4 available"));
        String second = out.toString().substring(first.length());

        assertThat(first).doesNotContain("\u001b[3F")
                .contains("\u001b[2Kcodedang-pr-7 generation 2: applying\n")
                .contains("\u001b[2K  dns        [####################] succeeded        1.0s")
                .contains("\u001b[2K  workloads  [#####...............] pending          5.0s  frontend 1/4 available\n");
        assertThat(second).startsWith("\u001b[3F").contains("[###############.....] pending");
    }

    @Test
    void aFailedStepShowsItsReasonAndTheOutcomeComesBelow() {
        StringWriter out = new StringWriter();
        TerminalProgress progress = new TerminalProgress(new PrintWriter(out), CLOCK, 120);
        JsonNode failed = SpecMapper.json().readTree("""
                {"name": "x", "phase": "failed", "generation": 1, "reasons": [{"step": "workloads", "reason": "ImagePullBackOff"}],
                 "steps": {"workloads": {"status": "failed", "reason": "ImagePullBackOff \\u001b[31mred"}}}
                """);

        progress.show(failed);
        progress.finish(new Outcome(1, "failed: x generation 1 (rolled back)", Views.reasons(failed), failed));

        assertThat(out.toString()).contains("[xxxxxxxxxxxxxxxxxxxx] failed").contains("ImagePullBackOff  [31mred")
                .endsWith("failed: x generation 1 (rolled back)\n  workloads: ImagePullBackOff\n");
        assertThat(out.toString().replace("\u001b[2K", "").replaceAll("\u001b\\[\\d+F", "")).as("no escape from the server's text")
                .doesNotContain("\u001b");
    }

    @Test
    void plainLinesSayEachChangeOnceAndNeverEscape() {
        StringWriter out = new StringWriter();
        PlainProgress progress = new PlainProgress(new PrintWriter(out));

        progress.show(view("applying", "pending", "frontend 1/4 available"));
        progress.show(view("applying", "pending", "frontend 1/4 available"));
        progress.show(view("ready", "succeeded", ""));
        progress.finish(new Outcome(0, "ready: codedang-pr-7 generation 2", List.of(), view("ready", "succeeded", "")));

        assertThat(out.toString()).isEqualTo("""
                10:00:04 codedang-pr-7 generation 2: applying
                10:00:01 dns: succeeded
                10:00:04 workloads: pending - frontend 1/4 available
                10:00:04 codedang-pr-7 generation 2: ready
                10:00:04 workloads: succeeded
                ready: codedang-pr-7 generation 2
                """);
    }
}
