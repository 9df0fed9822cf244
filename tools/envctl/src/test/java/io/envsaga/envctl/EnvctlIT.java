package io.envsaga.envctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.specs.TestSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** envctl against the orchestrator in this JVM with scripted step services: every command, both outputs, every exit code. */
@ExtendWith(SharedOrchestrator.class)
class EnvctlIT {

    static final String IMAGE = SharedOrchestrator.IMAGE;
    static SharedOrchestrator.Resources shared;
    static ScriptedStepServices steps;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        shared = SharedOrchestrator.get();
        steps = shared.steps;
    }

    Cli cli() {
        return Cli.against(shared.url(), SharedOrchestrator.ADMIN_TOKEN);
    }

    Path spec(String name) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, TestSpecs.previewYaml(name, IMAGE));
        return file;
    }

    @Test
    void applyWaitInPlainLinesEndsReadyWithExitZero() throws Exception {
        // held until envctl has shown it applying: with instant steps the saga could be ready before envctl subscribed
        Cli.Running running = cli().start("apply", "-f", spec("held-plain-ok").toString(), "--wait", "--timeout", "60s");
        awaitHeldCommand("held-plain-ok");
        await().atMost(Duration.ofMinutes(2)).until(() -> running.out().contains("held-plain-ok generation 1: applying"));
        steps.releaseHeld();
        Cli.Run run = running.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("\u001b")
                .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d held-plain-ok generation 1: applying$")
                .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d dns: (pending|succeeded)$")
                .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d workloads: succeeded$")
                .contains("ready: held-plain-ok generation 1");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void applyWaitOnATerminalRedrawsOneBarPerStepInPlace() throws Exception {
        Cli.Running running = cli().tty(true).env("COLUMNS", "120").start("apply", "-f", spec("held-tty").toString(), "--wait");
        Event<?> command = awaitHeldCommand("held-tty");
        progress(command, "frontend 1/2 available");
        await().atMost(Duration.ofMinutes(2)).until(() -> running.out().contains("frontend 1/2 available"));
        steps.releaseHeld();
        Cli.Run run = running.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // the block is header + five steps; every redraw goes back up six lines and clears each one
        assertThat(run.out()).contains("\u001b[6F").contains("\u001b[2K  workloads  [##########..........] pending")
                .contains("\u001b[2K  dns        [####################] succeeded")
                .contains("held-tty generation 1: applying").endsWith("ready: held-tty generation 1\n");
        // how many frames come before the progress depends on when envctl subscribed (it starts from the current
        // state); what holds whenever: the progress frame and the final one at least, every frame after the first
        // drawn over the one before
        int redraws = run.out().split("\u001b\\[6F", -1).length - 1;
        int frames = (run.out().split("\u001b\\[2K", -1).length - 1) / 6;
        assertThat(redraws).as("redraws").isGreaterThanOrEqualTo(1);
        assertThat(frames).as("frames of six lines").isEqualTo(redraws + 1);
    }

    @Test
    void aPlainWaitShowsEachProgressMessageOnce() throws Exception {
        Cli.Running running = cli().start("apply", "-f", spec("held-plain").toString(), "--wait", "--plain");
        Event<?> command = awaitHeldCommand("held-plain");
        progress(command, "frontend 0/1 available");
        await().atMost(Duration.ofMinutes(2)).until(() -> running.out().contains("frontend 0/1 available"));
        progress(command, "frontend 0/1 available");
        progress(command, "frontend 1/1 available");
        await().atMost(Duration.ofMinutes(2)).until(() -> running.out().contains("frontend 1/1 available"));
        steps.releaseHeld();
        Cli.Run run = running.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().split("workloads: pending - frontend 0/1 available", -1).length - 1).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d workloads: pending - frontend 1/1 available$")
                .doesNotContain("\u001b");
    }

    @Test
    void aWatchStartedMidStepShowsTheCurrentProgressFirst() throws Exception {
        assertThat(cli().run("apply", "-f", spec("held-midstep").toString()).exitCode()).isZero();
        Event<?> command = awaitHeldCommand("held-midstep");
        progress(command, "frontend 0/2 available");
        awaitStoredProgress("held-midstep", "frontend 0/2 available");

        // nothing changes after the watch starts: the progress can only come from the state it is sent first
        Cli.Running watching = cli().start("get", "held-midstep", "--watch", "--plain");
        await().atMost(Duration.ofMinutes(2)).until(() -> watching.out().contains("workloads: pending - frontend 0/2 available"));
        String before = watching.out();
        steps.releaseHeld();
        Cli.Run run = watching.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(before).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d held-midstep generation 1: applying$")
                .doesNotContain("ready:");
        assertThat(run.out()).contains("ready: held-midstep generation 1");
    }

    @Test
    void aWaitThatGivesUpClosesItsStreamOnTheServer() throws Exception {
        await().atMost(Duration.ofMinutes(2)).until(() -> shared.openStreams() == 0); // what earlier tests opened has ended
        Cli.Run run = cli().run("apply", "-f", spec("hang-closed").toString(), "--wait", "--timeout", "2s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TIMED_OUT);
        // hang-closed stays applying for its whole deadline (5 min): only envctl closing its connection ends the stream,
        // which the server finds on its next heartbeat (200 ms here)
        await().atMost(Duration.ofSeconds(45)).until(() -> shared.openStreams() == 0);
    }

    @Test
    void aFailedApplyExitsOneWithEveryReason() throws Exception {
        Cli.Run run = cli().run("apply", "-f", spec("fail-apply").toString(), "--wait");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("failed: fail-apply generation 1 (rolled back)")
                .contains("  workloads: frontend: ImagePullBackOff for " + IMAGE);
    }

    @Test
    void aWaitPastItsTimeoutExitsThree() throws Exception {
        Cli.Run run = cli().run("apply", "-f", spec("hang-apply").toString(), "--wait", "--timeout", "2s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(run.out()).contains("timed out: hang-apply is still applying after 2.0s");
    }

    @Test
    void applyWithoutWaitSaysAcceptedAndJsonGivesTheAnswer() throws Exception {
        Cli.Run run = cli().run("apply", "-f", spec("nowait").toString());
        Cli.Run json = cli().run("apply", "-f", spec("nowait").toString(), "-o", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("accepted: nowait generation 1\n");
        JsonNode answer = SpecMapper.json().readTree(json.out());
        assertThat(answer.path("name").asString()).isEqualTo("nowait");
        assertThat(answer.path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void applyAgainUnderTheSameIdempotencyKeyStartsNothingNew() throws Exception {
        Cli.Run first = cli().run("apply", "-f", spec("keyed").toString(), "--idempotency-key", "run-4242", "-o", "json");
        Cli.Run again = cli().run("apply", "-f", spec("keyed").toString(), "--idempotency-key", "run-4242", "-o", "json");
        Cli.Run badKey = cli().run("apply", "-f", spec("keyed").toString(), "--idempotency-key", "has space");

        assertThat(first.exitCode()).isZero();
        assertThat(again.exitCode()).isZero();
        JsonNode firstAnswer = SpecMapper.json().readTree(first.out());
        JsonNode againAnswer = SpecMapper.json().readTree(again.out());
        assertThat(againAnswer.path("generation").asLong()).as("the re-run is answered with the first generation")
                .isEqualTo(firstAnswer.path("generation").asLong()).isEqualTo(1);
        assertThat(againAnswer.path("sagaId").asString()).isEqualTo(firstAnswer.path("sagaId").asString());
        assertThat(badKey.exitCode()).isNotZero();
        assertThat(badKey.err()).contains("Idempotency-Key");
    }

    @Test
    void getListsEnvironmentsAndShowsOneWithStepsOutputsAndDurations() throws Exception {
        assertThat(cli().run("apply", "-f", spec("got").toString(), "--wait").exitCode()).isZero();

        Cli.Run list = cli().run("get");
        Cli.Run one = cli().run("get", "got");
        Cli.Run json = cli().run("get", "got", "-o", "json");
        Cli.Run yaml = cli().run("get", "got", "-o", "yaml");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).startsWith("NAME").containsPattern("(?m)^NAME\\s+CLUSTER\\s+PHASE\\s+GENERATION\\s+UPDATED\\s+URL$")
                .containsPattern("(?m)^got\\s+default\\s+ready\\s+1\\s+");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).contains("cluster:    default").contains("phase:      ready").containsPattern("(?m)^STEP\\s+STATUS\\s+DURATION\\s+REASON\\s+OUTPUTS$")
                .containsPattern("(?m)^workloads\\s+succeeded\\s+\\d+\\.\\ds\\s+by=scripted-workloads$")
                // a preview expires by default (28 days with no apply)
                .containsPattern("(?m)^expires:    \\d{4}-\\d\\d-\\d\\dT.*Z \\(unless applied again");
        assertThat(SpecMapper.json().readTree(json.out()).path("steps").path("dns").path("status").asString()).isEqualTo("succeeded");
        assertThat(SpecMapper.yaml().readTree(yaml.out()).path("phase").asString()).isEqualTo("ready");
    }

    @Test
    void getShowsEachEnvironmentsClusterAndFiltersByCluster() throws Exception {
        Path onStage = dir.resolve("got-on-stage.yaml");
        Files.writeString(onStage, TestSpecs.previewYaml("got-on-stage", IMAGE, "stage"));
        assertThat(cli().run("apply", "-f", onStage.toString(), "--wait").exitCode()).isZero();
        assertThat(cli().run("apply", "-f", spec("got-on-default").toString(), "--wait").exitCode()).isZero();

        Cli.Run all = cli().run("get");
        Cli.Run stage = cli().run("get", "--cluster", "stage");
        Cli.Run stageJson = cli().run("get", "--cluster", "stage", "-o", "json");
        Cli.Run typo = cli().run("get", "--cluster", "stagee");
        Cli.Run withName = cli().run("get", "got-on-stage", "--cluster", "stage");

        assertThat(all.out()).containsPattern("(?m)^got-on-stage\\s+stage\\s+ready\\s+1\\s+")
                .containsPattern("(?m)^got-on-default\\s+default\\s+ready\\s+1\\s+");
        assertThat(stage.exitCode()).as(stage.toString()).isZero();
        assertThat(stage.out()).startsWith("NAME").containsPattern("(?m)^got-on-stage\\s+stage\\s+ready\\s+")
                .doesNotContain("got-on-default").doesNotContainPattern("(?m)^\\S+\\s+default\\s");
        JsonNode views = SpecMapper.json().readTree(stageJson.out());
        assertThat(views.isArray()).isTrue();
        assertThat(views).isNotEmpty().allSatisfy(view -> assertThat(view.path("cluster").asString()).isEqualTo("stage"));
        assertThat(cli().run("get", "got-on-stage").out()).contains("cluster:    stage");
        // a cluster the server does not know is an error naming the ones it does, not an empty table
        assertThat(typo.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(typo.err()).contains("unknown cluster 'stagee': this orchestrator knows default, stage");
        assertThat(typo.out()).isEmpty();
        assertThat(withName.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(withName.err()).contains("--cluster filters the list");
    }

    @Test
    void historyListsTheAuditTrailNewestLast() throws Exception {
        assertThat(cli().run("apply", "-f", spec("audited").toString(), "--wait").exitCode()).isZero();
        await().atMost(Duration.ofMinutes(2)).until(() -> cli().run("history", "audited").out().contains("environment.ready"));

        Cli.Run table = cli().run("history", "audited");
        Cli.Run json = cli().run("history", "audited", "-o", "json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("TIME").contains("environment.requested").contains("step.dns.succeeded");
        assertThat(table.out().indexOf("environment.requested")).isLessThan(table.out().indexOf("environment.ready"));
        JsonNode records = SpecMapper.json().readTree(json.out());
        assertThat(records.isArray()).isTrue();
        assertThat(records.get(records.size() - 1).path("routingKey").asString()).isEqualTo("environment.ready");
    }

    @Test
    void historyFollowPrintsNewMessagesUntilTheEnvironmentSettles() throws Exception {
        Cli.Running following = cli().start("apply", "-f", spec("held-followed").toString());
        assertThat(following.await().exitCode()).isZero();
        Event<?> command = awaitHeldCommand("held-followed");
        Cli.Running history = cli().start("history", "held-followed", "--follow", "--interval", "200ms");
        await().atMost(Duration.ofMinutes(2)).until(() -> history.out().contains("environment.requested"));
        assertThat(history.out()).doesNotContain("environment.ready");
        progress(command, "frontend 0/1 available");
        await().atMost(Duration.ofMinutes(2)).until(() -> history.out().contains("frontend 0/1 available"));
        steps.releaseHeld();
        Cli.Run run = history.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("step.workloads.succeeded").contains("environment.ready");
    }

    @Test
    void getWatchFollowsWhatTheEnvironmentIsDoingNow() throws Exception {
        assertThat(cli().run("apply", "-f", spec("held-watched").toString()).exitCode()).isZero();
        awaitHeldCommand("held-watched");
        Cli.Running watching = cli().start("get", "held-watched", "--watch");
        await().atMost(Duration.ofMinutes(2)).until(() -> watching.out().contains("held-watched generation 1: applying"));
        steps.releaseHeld();
        Cli.Run run = watching.await();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ready: held-watched generation 1");
        assertThat(cli().run("get", "held-watched", "--watch").exitCode()).as("settled already").isZero();
    }

    @Test
    void deleteWaitEndsDeletedAndAnUnknownNameExitsOne() throws Exception {
        assertThat(cli().run("apply", "-f", spec("doomed").toString(), "--wait").exitCode()).isZero();

        Cli.Run run = cli().run("delete", "doomed", "--wait", "--plain");
        Cli.Run again = cli().run("delete", "doomed", "--wait");
        Cli.Run unknown = cli().run("get", "never-was");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d dns: released$").contains("deleted: doomed");
        assertThat(again.exitCode()).as("deleting a deleted environment is done at once").isZero();
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(unknown.err()).isEqualTo("envctl: no environment named 'never-was'\n");
    }

    @Test
    void validateReportsEveryViolationWithItsLineAndExitsTwo() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: Bad_Name }
                spec:
                  tier: preview
                  workloads:
                    - name: frontend
                      image: "NOT AN IMAGE"
                      port: 5525
                """);

        Cli.Run good = cli().run("validate", "-f", spec("valid").toString());
        Cli.Run invalid = cli().run("validate", "-f", bad.toString());
        Cli.Run applied = cli().run("apply", "-f", bad.toString());

        assertThat(good.exitCode()).isZero();
        assertThat(good.out()).endsWith("valid (valid)\n");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(invalid.err()).contains("2 violation(s)")
                .containsPattern("  metadata\\.name: .* \\(line 3, column \\d+\\)")
                .containsPattern("  spec\\.workloads\\[0]\\.image: .* \\(line 8, column \\d+\\)")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(applied.exitCode()).as("apply checks before it sends").isEqualTo(ExitCode.INVALID);
        assertThat(cli().run("get", "Bad_Name").exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void usageErrorsExitTwoInOneLine() {
        Cli.Run unknownOption = cli().run("apply", "--frobnicate");
        Cli.Run badTimeout = cli().run("apply", "-f", "x.yaml", "--timeout", "soon");
        Cli.Run missingFile = cli().run("validate", "-f", dir.resolve("nope.yaml").toString());

        assertThat(unknownOption.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(unknownOption.err().lines()).hasSize(1);
        assertThat(badTimeout.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(badTimeout.err()).contains("'soon' is not a duration");
        assertThat(missingFile.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(missingFile.err()).startsWith("envctl: no such file: ");
    }

    @Test
    void anUnreachableServerOrARefusedTokenExitsFour() throws Exception {
        Cli.Run down = Cli.against("http://127.0.0.1:1", SharedOrchestrator.ADMIN_TOKEN).run("get");
        Cli.Run refused = Cli.against(shared.url(), "not-a-token").run("get");
        Cli.Run none = Cli.against(shared.url(), null).run("apply", "-f", spec("anonymous").toString());

        assertThat(down.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(down.err()).startsWith("envctl: cannot reach http://127.0.0.1:1").hasLineCount(1);
        assertThat(refused.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(refused.err()).contains("not authenticated (HTTP 401)").doesNotContain("not-a-token");
        assertThat(none.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void configurationComesFromFlagsThenTheEnvironmentThenTheSandboxsDirectory() throws Exception {
        Path project = dir.resolve("project");
        Path nested = Files.createDirectories(project.resolve("deep/er"));
        Files.createDirectories(project.resolve(".envsaga"));
        Files.writeString(project.resolve(".envsaga/url"), shared.url() + "/api/v1\n");
        Files.writeString(project.resolve(".envsaga/token"), SharedOrchestrator.ADMIN_TOKEN + "\n");

        Cli.Run fromFiles = Cli.bare().in(nested).run("get");
        Cli.Run envWins = Cli.bare().in(nested).env("ENVSAGA_URL", "http://127.0.0.1:1").run("get");
        Cli.Run flagWins = Cli.bare().in(nested).env("ENVSAGA_URL", "http://127.0.0.1:1").run("get", "--url", shared.url());
        Cli.Run tokenEnvWins = Cli.bare().in(nested).env("ENVSAGA_TOKEN", "wrong").run("get");
        Cli.Run nothing = Cli.bare().in(dir).run("get");

        assertThat(fromFiles.exitCode()).as(fromFiles.toString()).isZero();
        assertThat(envWins.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(flagWins.exitCode()).as(flagWins.toString()).isZero();
        assertThat(tokenEnvWins.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(nothing.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(nothing.err()).contains("no server: give --url, set ENVSAGA_URL");
    }

    @Test
    void helpShowsExamplesAndCompletionIsGenerated() {
        Cli.Run help = Cli.bare().run("apply", "--help");
        Cli.Run completion = Cli.bare().run("generate-completion");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:").contains("envctl apply -f examples/codedang-stage.yaml --wait");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("apply").contains("history");
    }

    @Test
    void inGithubActionsTheJobsOidcTokenIsFetchedForTheAudience() throws Exception {
        Cli ci = Cli.bare().env("ENVSAGA_URL", shared.url())
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", shared.oidc.requestUrl())
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GithubOidcStub.REQUEST_TOKEN);

        Cli.Run allowed = ci.run("apply", "-f", spec("codedang-pr-oidc").toString(), "--github-oidc", "envsaga", "--wait");
        Cli.Run outside = ci.run("apply", "-f", spec("someone-else").toString(), "--github-oidc", "envsaga");
        Cli.Run notInActions = Cli.against(shared.url(), null).run("get", "--github-oidc", "envsaga");

        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(shared.oidc.audiences).contains("envsaga");
        assertThat(outside.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(outside.err()).contains("not allowed (HTTP 403)");
        assertThat(notInActions.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(notInActions.err()).contains("--github-oidc needs ACTIONS_ID_TOKEN_REQUEST_URL");
    }

    // --- helpers

    private static Event<?> awaitHeldCommand(String name) {
        return await().atMost(Duration.ofMinutes(2)).until(() -> steps.received().stream()
                .filter(c -> c.subject().equals(name) && c.step() == Step.WORKLOADS && c.type() == EventType.ENVIRONMENT_REQUESTED)
                .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** A progress report as workload-service sends it while it waits for a Deployment. */
    private static void progress(Event<?> command, String message) {
        steps.progress(command, message);
    }

    /** Waits until the orchestrator has stored the step's progress note (what a watcher starting now is sent first). */
    private void awaitStoredProgress(String name, String message) {
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            Cli.Run got = cli().run("get", name, "-o", "json");
            return got.exitCode() == 0
                    && SpecMapper.json().readTree(got.out()).path("steps").path("workloads").path("progress").asString("").equals(message);
        });
    }
}
