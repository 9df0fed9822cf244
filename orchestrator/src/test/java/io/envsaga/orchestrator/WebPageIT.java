package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.simulation.specs.TestSpecs;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page, in a real headless Chromium, against the real orchestrator (RabbitMQ, PostgreSQL)
 * with scripted step services: live list, a failure with its reason without a reload, the
 * history's pages, a limited token, delete with confirmation; and what a phone and a keyboard see.
 */
class WebPageIT {

    private static final String LIMITED_TOKEN = "limited-token-for-the-page";

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;
    /** The step services of the second cluster, production: every step succeeds. */
    static ScriptedStepServices production;
    /** One browser for the class (starting Chromium is the slow part); each test signs in afresh. */
    static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
        production = new ScriptedStepServices(step -> rabbit.connectionFactory(), rabbit.topology(), EnumSet.allOf(Step.class), "production");
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(Map.of(
                // the harness's short cache deadline is for the deadline tests; here a slow machine must not fail a saga
                "envsaga.orchestrator.deadlines.steps.cache", "60s",
                // two clusters (issue 27): what has no spec.cluster lives on 'default', whose queues are those of one cluster
                "envsaga.orchestrator.clusters[0].name", "default",
                "envsaga.orchestrator.clusters[1].name", "production",
                "envsaga.orchestrator.default-cluster", "default",
                "envsaga.orchestrator.security.tokens[0].name", "pr-bot",
                "envsaga.orchestrator.security.tokens[0].sha256", sha256(LIMITED_TOKEN),
                "envsaga.orchestrator.security.tokens[0].environments[0]", "page-pr-*",
                "envsaga.orchestrator.security.tokens[0].actions", "read"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        orchestrator.stop();
        steps.close();
        production.close();
    }

    @BeforeEach
    void signedOut() {
        steps.script((step, command) -> Answer.succeed());
        production.script((step, command) -> Answer.succeed());
        if (browser == null) {
            browser = new BrowserSession(1280, 900);
        }
        browser.driver.get(orchestrator.baseUrl() + "/");
        js("sessionStorage.clear()");
    }

    @Test
    void theListShowsANewEnvironmentAsSoonAsItIsSubmittedWithoutAReload() throws Exception {
        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("environments")));
        markPage();

        long submitted = System.nanoTime();
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-live", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode()).isEqualTo(202);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-live']")));
        long shownMillis = (System.nanoTime() - submitted) / 1_000_000;
        System.out.println("page-live shown in the list " + shownMillis + " ms after its submission");

        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-live'] .phase-ready")));
        assertThat(browser.driver.findElement(By.cssSelector("#environments tr[data-name='page-live']")).getText()).contains("preview").contains("page-live.preview.codedang.com");
        assertThat(pageWasNotReloaded()).isTrue();
        browser.screenshot("page-list");
    }

    @Test
    void eachRowAndTheDetailShowTheClusterAndTheListFiltersByCluster() {
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-on-default", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode())
                .isEqualTo(202);
        assertThat(orchestrator.submit(TestSpecs.previewYaml("page-on-production", "ghcr.io/skkuding/codedang-frontend:v1", "production"))
                .statusCode()).isEqualTo(202);
        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-on-production'] .phase-ready")));
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-on-default']")));
        assertThat(clusterCell("page-on-default")).isEqualTo("default");
        assertThat(clusterCell("page-on-production")).isEqualTo("production");
        markPage();

        // the filter offers the clusters seen; with one chosen, a change streamed afterwards is filtered too
        Select cluster = new Select(browser.driver.findElement(By.id("filter-cluster")));
        assertThat(cluster.getOptions()).extracting(WebElement::getText).contains("any", "default", "production");
        cluster.selectByValue("production");
        browser.await(Duration.ofMinutes(2), d -> d.findElements(By.cssSelector("#environments tr[data-name='page-on-default']")).isEmpty());
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-late-default", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode())
                .isEqualTo(202);
        assertThat(orchestrator.submit(TestSpecs.previewYaml("page-late-production", "ghcr.io/skkuding/codedang-frontend:v1", "production"))
                .statusCode()).isEqualTo(202);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-late-production']")));
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> orchestrator.get("/api/v1/environments/page-late-default").statusCode() == 200);
        assertThat(browser.driver.findElements(By.cssSelector("#environments tbody tr:not([data-cluster='production'])"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#environments tr[data-name='page-on-production']"))).hasSize(1);

        cluster.selectByValue("");
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-late-default']")));
        assertThat(pageWasNotReloaded()).isTrue();

        browser.driver.findElement(By.cssSelector("#environments tr[data-name='page-on-production'] a")).click();
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.id("env-name")).getText().equals("page-on-production"));
        assertThat(browser.driver.findElement(By.id("env-cluster")).getText()).isEqualTo("production");
        // a preview expires by default (its tier's idle-after): the detail says when, as GET does, from the stream's view
        String expiresAt = io.envsaga.contracts.spec.SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/page-on-production")
                .body()).path("expiresAt").asString("");
        assertThat(expiresAt).isNotEmpty();
        assertThat(browser.driver.findElement(By.id("env-expires")).getAttribute("data-at")).isEqualTo(expiresAt);
        assertThat(browser.driver.findElement(By.id("env-expires")).getText()).contains("unless applied again");
    }

    /** The row's cluster cell, read again if the live list re-rendered the row meanwhile (a stale element). */
    private static String clusterCell(String name) {
        return browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='" + name + "'] td.cluster"))
                .getText());
    }

    @Test
    void aStepFailureAppearsWithItsReasonWithoutAReloadAndTheTimelineMarksIt() throws Exception {
        steps.script((step, command) -> step == Step.WORKLOADS && command.type() == EventType.ENVIRONMENT_REQUESTED
                && "page-fail".equals(command.subject()) ? Answer.hold() : Answer.succeed());
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-fail", "ghcr.io/skkuding/codedang-frontend:broken")).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> steps.heldCount() == 1);

        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.driver.get(orchestrator.baseUrl() + "/#/env/page-fail");
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#steps tr[data-step='workloads'] .phase-pending")));
        markPage();

        steps.failHeld("frontend: ImagePullBackOff for image ghcr.io/skkuding/codedang-frontend:broken");

        // the step's reason, in its row and in the environment's summary (the step then releases: rolled back)
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#steps tr[data-step='workloads']")).getText()
                .contains("ImagePullBackOff for image ghcr.io/skkuding/codedang-frontend:broken"));
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#timeline .timeline-row[data-step='workloads'][data-failed='true']")));
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.id("env-summary")).getText().contains("workloads: frontend: ImagePullBackOff"));
        assertThat(browser.driver.findElement(By.id("env-summary")).getText()).containsAnyOf("failed", "rolling back");
        assertThat(pageWasNotReloaded()).isTrue();
        browser.screenshot("page-failed-environment");
    }

    @Test
    void theHistoryIsShownNewestFirstInPages() {
        for (int generation = 1; generation <= 4; generation++) {
            assertThat(orchestrator.submit(OrchestratorHarness.spec("page-history", "ghcr.io/skkuding/codedang-frontend:v" + generation))
                    .statusCode()).isEqualTo(202);
            int expected = generation;
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/page-history").body()
                    .contains("\"generation\":" + expected + ",") && orchestrator.get("/api/v1/environments/page-history").body().contains("\"phase\":\"ready\""));
        }
        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.driver.get(orchestrator.baseUrl() + "/#/env/page-history");

        // 4 generations of at least 7 messages each: more than one page of 20. The list is drawn again whenever the
        // audit records more (the page stream's `recorded`), so each read below is retried on a stale element.
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.id("page-label")).getText().matches("page 1 of [2-9]"));
        String newest = browser.await(Duration.ofMinutes(2), d -> {
            List<WebElement> first = d.findElements(By.cssSelector("#history > li"));
            return first.size() == 20 ? first.get(0).getText() : null;
        });
        assertThat(newest).contains("generation 4");
        assertThat(browser.driver.findElement(By.id("newer")).isEnabled()).isFalse();

        browser.driver.findElement(By.id("older")).click();
        assertThat(browser.driver.findElement(By.id("page-label")).getText()).startsWith("page 2 of");
        String second = browser.await(Duration.ofMinutes(2), d -> d.findElements(By.cssSelector("#history > li")).get(0).getText());
        assertThat(second).doesNotContain("generation 4");

        // a record opens to its body
        String body = browser.await(Duration.ofMinutes(2), d -> {
            WebElement record = d.findElements(By.cssSelector("#history > li details")).get(0);
            record.findElement(By.tagName("summary")).click();
            String text = record.findElement(By.tagName("pre")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(body).isNotBlank();
    }

    @Test
    void aLimitedTokenSeesOnlyItsEnvironmentsAndIsToldWhenRefused() {
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-pr-7", "ghcr.io/skkuding/codedang-frontend:pr-7")).statusCode()).isEqualTo(202);
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-secret", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/page-secret").statusCode() == 200);

        signIn(LIMITED_TOKEN);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-pr-7']")));
        assertThat(browser.driver.findElement(By.id("who")).getText()).contains("pr-bot");
        assertThat(browser.driver.findElements(By.cssSelector("#environments tr[data-name='page-secret']"))).isEmpty();

        // a change of an environment the token may not read never reaches its stream
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-secret", "ghcr.io/skkuding/codedang-frontend:v2")).statusCode()).isEqualTo(202);
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-pr-7", "ghcr.io/skkuding/codedang-frontend:pr-7b")).statusCode()).isEqualTo(202);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-pr-7'][data-generation='2']")));
        assertThat(browser.driver.findElements(By.cssSelector("#environments tr[data-name='page-secret']"))).isEmpty();

        browser.driver.get(orchestrator.baseUrl() + "/#/env/page-secret");
        WebElement notice = browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).contains("Access refused").contains("page-secret");
        assertThat(browser.driver.findElement(By.id("spec")).getText()).isEmpty();
    }

    @Test
    void aRefusedTokenIsToldSoAndNotKept() {
        signIn("not-a-token-of-this-server");
        WebElement notice = browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).contains("refused");
        assertThat((Object) js("return sessionStorage.getItem('envsaga.token')")).isNull();
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("not-a-token");
    }

    @Test
    void deleteAsksForTheEnvironmentsNameAndThenTheRowShowsDeleting() {
        // the steps hold their release, so that the environment stays in deleting
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-delete", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> orchestrator.get("/api/v1/environments/page-delete").body().contains("\"phase\":\"ready\""));
        steps.script((step, command) -> command.type() == EventType.ENVIRONMENT_DELETION_REQUESTED ? Answer.hold() : Answer.succeed());

        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.driver.get(orchestrator.baseUrl() + "/#/env/page-delete");
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#env-summary .phase-ready")));
        browser.driver.findElement(By.id("delete")).click();

        WebElement dialog = browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("confirm-delete")));
        assertThat(dialog.getText()).contains("Delete page-delete?");
        WebElement confirm = browser.driver.findElement(By.id("confirm-button"));
        assertThat(confirm.isEnabled()).isFalse();
        browser.driver.findElement(By.id("confirm-name")).sendKeys("page-delet");
        assertThat(confirm.isEnabled()).isFalse();
        browser.driver.findElement(By.id("confirm-name")).sendKeys("e");
        assertThat(confirm.isEnabled()).isTrue();
        confirm.click();

        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#env-summary .phase-deleting")));
        browser.driver.get(orchestrator.baseUrl() + "/#/");
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-delete'] .phase-deleting")));
        steps.releaseHeld();
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-delete'] .phase-deleted")));
    }

    @Test
    void onAPhoneNothingScrollsSidewaysAndTheKeyboardReachesEverything() throws Exception {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            onAPhone();
        } finally {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    private void onAPhone() {
        assertThat(orchestrator.submit(OrchestratorHarness.spec("page-phone-with-a-long-name", "ghcr.io/skkuding/codedang-frontend:v1"))
                .statusCode()).isEqualTo(202);
        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.cssSelector("#environments tr[data-name='page-phone-with-a-long-name']")));
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling").isTrue();

        // every form control has a label
        assertThat((Long) js("return [...document.querySelectorAll('input, select')].filter(e => !document.querySelector(\"label[for='\" + e.id + \"']\")).length"))
                .isZero();

        // the keyboard: Tab reaches the environment's link, Enter opens it
        WebElement link = browser.driver.findElement(By.cssSelector("#environments tr[data-name='page-phone-with-a-long-name'] a"));
        for (int i = 0; i < 30 && !link.equals(browser.driver.switchTo().activeElement()); i++) {
            browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(link);
        link.sendKeys(Keys.ENTER);
        browser.await(Duration.ofMinutes(2), d -> d.findElement(By.id("env-name")).getText().equals("page-phone-with-a-long-name"));
        browser.await(Duration.ofMinutes(2), d -> !d.findElements(By.cssSelector("#steps tbody tr")).isEmpty());
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling").isTrue();
    }

    @Test
    void phaseColoursHaveAtLeastAaContrast() {
        signIn(OrchestratorHarness.ADMIN_TOKEN);
        browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("environments")));
        @SuppressWarnings("unchecked")
        List<Object> ratios = (List<Object>) js("""
                const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(Number).map(v => v / 255)
                    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                return ['ready', 'failed', 'applying', 'deleted', 'rolled_back', 'pending'].map(phase => {
                  const e = document.createElement('span'); e.className = 'phase phase-' + phase; e.textContent = phase;
                  document.body.append(e); const s = getComputedStyle(e);
                  const a = lum(s.color), b = lum(s.backgroundColor); e.remove();
                  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });""");
        assertThat(ratios).allSatisfy(r -> assertThat(((Number) r).doubleValue()).isGreaterThanOrEqualTo(4.5));
    }

    private void signIn(String token) {
        browser.driver.get(orchestrator.baseUrl() + "/");
        WebElement field = browser.await(Duration.ofMinutes(2), ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        browser.await(Duration.ofMinutes(2), d -> !d.findElement(By.id("who")).getText().isEmpty()
                || d.findElement(By.id("notice")).isDisplayed());
        new Select(browser.driver.findElement(By.id("filter-phase"))); // the list's controls are there
    }

    /** Marks the document; a reload would lose the mark. */
    private void markPage() {
        js("window.__notReloaded = true");
    }

    private boolean pageWasNotReloaded() {
        return Boolean.TRUE.equals(js("return window.__notReloaded === true"));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
