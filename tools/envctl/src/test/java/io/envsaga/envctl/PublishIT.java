package io.envsaga.envctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.simulation.specs.TestSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;

/** envctl publish: onto the intake exchange as a CI broker user, the outcome back on a direct reply-to. */
@ExtendWith(SharedOrchestrator.class)
class PublishIT {

    static SharedOrchestrator.Resources shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        shared = SharedOrchestrator.get();
    }

    Cli ci() {
        return Cli.bare().env("ENVSAGA_AMQP_URI", shared.amqpUri()).env("ENVSAGA_BUS_PREFIX", shared.rabbit.topology().prefix())
                .env("GITHUB_REPOSITORY", "skkuding/codedang");
    }

    Path spec(String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, TestSpecs.previewYaml(name, SharedOrchestrator.IMAGE));
        return file;
    }

    @Test
    void publishWaitGetsTheOutcomeOnItsReplyAndTheMessageCarriesCloudEventsHeaders() throws Exception {
        try (BusProbe probe = shared.rabbit.probe()) {
            Cli.Run run = ci().run("publish", "-f", spec("published-ok").toString(), "--wait", "--timeout", "60s");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("published: published-ok (message ").contains("ready: published-ok generation 1");
            Message submitted = probe.messages().stream()
                    .filter(m -> "environment.submitted".equals(m.getMessageProperties().getReceivedRoutingKey())).findFirst().orElseThrow();
            assertThat(submitted.getMessageProperties().getHeaders())
                    .containsEntry(EventHeaders.TYPE, EventType.ENVIRONMENT_SUBMITTED.cloudEventType())
                    .containsEntry(EventHeaders.SUBJECT, "published-ok")
                    .containsEntry(EventHeaders.SOURCE, "/ci/github/skkuding/codedang")
                    .containsEntry(EventHeaders.SPEC_VERSION, "1.0");
            assertThat(submitted.getMessageProperties().getReceivedUserId()).isEqualTo(shared.ciUser());
            assertThat(submitted.getMessageProperties().getContentType()).isEqualTo("application/yaml");
        }
    }

    @Test
    void nextToTheSandboxItNeedsNoFlags() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/.envsaga")).getParent();
        Files.writeString(project.resolve(".envsaga/amqp-uri"), shared.amqpUri() + "\n");
        Files.writeString(project.resolve(".envsaga/bus-prefix"), shared.rabbit.topology().prefix() + "\n");

        Cli.Run run = Cli.bare().in(project).run("publish", "-f", spec("published-sandbox").toString(), "--wait");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ready: published-sandbox generation 1");
    }

    @Test
    void aFailedOutcomeExitsOneWithItsReasons() throws Exception {
        Cli.Run run = ci().run("publish", "-f", spec("fail-published-x").toString(), "--wait");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("failed: fail-published-x generation 1").contains("  workloads: frontend: ImagePullBackOff");
    }

    @Test
    void aNameTheUserMayNotSubmitIsRejectedOnTheReply() throws Exception {
        Cli.Run run = ci().run("publish", "-f", spec("stolen").toString(), "--wait");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        // filed under "unknown": a submitter cannot fill the history of an environment it may not submit (security.md)
        assertThat(run.out()).contains("rejected: unknown")
                .contains("broker user '" + shared.ciUser() + "' may not submit environment 'stolen'");
    }

    @Test
    void withoutWaitItReturnsOnceTheBrokerConfirmed() throws Exception {
        Cli.Run run = ci().run("publish", "-f", spec("published-nowait").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                Cli.against(shared.url(), SharedOrchestrator.ADMIN_TOKEN).run("get", "published-nowait").out().contains("phase:      ready"));
    }

    @Test
    void anUnreachableBrokerWrongPasswordOrUnknownPrefixExitsFourAndAnInvalidSpecTwo() throws Exception {
        Cli.Run down = Cli.bare().env("ENVSAGA_AMQP_URI", "amqp://guest:guest@127.0.0.1:1/").run("publish", "-f", spec("published-down").toString());
        Cli.Run wrongPassword = Cli.bare().env("ENVSAGA_AMQP_URI", shared.amqpUri("wrong-password-9c2e"))
                .run("publish", "-f", spec("published-denied").toString());
        Cli.Run noIntake = ci().env("ENVSAGA_BUS_PREFIX", "t-no-such-installation")
                .run("publish", "-f", spec("published-lost").toString());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, TestSpecs.previewYaml("published-bad", "NOT AN IMAGE"));
        Cli.Run invalid = ci().run("publish", "-f", bad.toString());

        assertThat(down.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(down.err()).startsWith("envctl: cannot reach the broker at 127.0.0.1:1").hasLineCount(1);
        assertThat(wrongPassword.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(wrongPassword.err()).contains("ACCESS_REFUSED").doesNotContain("wrong-password-9c2e");
        assertThat(noIntake.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(noIntake.err()).contains("t-no-such-installation.intake");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(invalid.err()).contains("spec.workloads[0].image");
    }
}
