package io.envsaga.envctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Codedang's preview workflow, end to end: the shell steps of examples/github-actions/preview.yml
 * run as GitHub's runner would run them (bash -eo pipefail, the workflow's env with its expressions
 * filled in, GITHUB_OUTPUT, the job's OIDC token endpoint), with the built envctl on PATH through
 * bin/envctl, against the orchestrator and scripted step services. The PR is opened (apply with its
 * number and tag, wait, read the address) and then closed (delete).
 */
@ExtendWith(SharedOrchestrator.class)
class PreviewFlowIT {

    static final Path ROOT = Cli.repositoryRoot();
    static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
    static SharedOrchestrator.Resources shared;

    @TempDir
    Path workspace;

    @BeforeAll
    static void start() {
        shared = SharedOrchestrator.get();
    }

    @Test
    void aLabelledPullRequestGetsItsPreviewAndClosingItDeletesIt() throws Exception {
        Map<String, Object> workflow = new Yaml().load(Files.readString(ROOT.resolve("examples/github-actions/preview.yml")));
        // Codedang's repository has the template at deploy/envsaga/
        Files.createDirectories(workspace.resolve("deploy/envsaga"));
        Files.copy(ROOT.resolve("examples/codedang-preview.template.yaml"), workspace.resolve("deploy/envsaga/codedang-preview.template.yaml"));
        String sha = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";
        Map<String, String> context = new HashMap<>(Map.of(
                "github.event.pull_request.number", "77",
                "github.event.pull_request.head.sha", sha,
                "vars.ENVSAGA_URL", shared.url(),
                "vars.ENVCTL_JAR_URL", "not used: the test puts the built envctl on PATH"));

        Map<String, Map<String, String>> outputs = runJob(workflow, "apply", context);

        assertThat(outputs.get("url")).containsEntry("url", "https://77.preview.codedang.com");
        Cli admin = Cli.against(shared.url(), SharedOrchestrator.ADMIN_TOKEN);
        assertThat(admin.run("get", "codedang-pr-77").out()).contains("phase:      ready");
        assertThat(admin.run("get", "codedang-pr-77", "-o", "json").out())
                .contains("\"image\" : \"ghcr.io/skkuding/codedang-frontend:pr-77-" + sha + "\"")
                .contains("\"hosts\" : [ \"77.preview.codedang.com\" ]");
        Map<String, Object> comment = step(workflow, "apply", "Comment the address on the pull request");
        context.put("steps.url.outputs.url", outputs.get("url").get("url"));
        assertThat(fill(((Map<?, ?>) comment.get("env")).get("URL").toString(), context)).isEqualTo("https://77.preview.codedang.com");

        runJob(workflow, "delete", context);

        assertThat(admin.run("get", "codedang-pr-77").out()).contains("phase:      deleted");
        assertThat(shared.oidc.audiences).contains("envsaga");
    }

    /** Runs the job's run: steps in order (not the install step: envctl is bin/envctl here); returns each step's outputs. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, String>> runJob(Map<String, Object> workflow, String jobName, Map<String, String> context)
            throws IOException, InterruptedException {
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get(jobName);
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
            if (!step.containsKey("run") || "install".equals(step.get("id")) || step.containsKey("if")) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (Object scope : new Object[] {workflow.get("env"), job.get("env"), step.get("env")}) {
                if (scope != null) {
                    ((Map<String, Object>) scope).forEach((k, v) -> env.put(k, fill(String.valueOf(v), context)));
                }
            }
            Path output = Files.createTempFile(workspace, "github-output", "");
            String script = fill(step.get("run").toString(), context);
            ProcessBuilder process = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                    .directory(workspace.toFile()).redirectErrorStream(true);
            Map<String, String> environment = process.environment();
            environment.keySet().removeIf(k -> k.startsWith("ENVSAGA_"));
            environment.putAll(env);
            environment.put("PATH", ROOT.resolve("bin") + ":" + System.getenv("PATH"));
            environment.put("GITHUB_OUTPUT", output.toString());
            environment.put("CI", "true");
            environment.put("ACTIONS_ID_TOKEN_REQUEST_URL", shared.oidc.requestUrl());
            environment.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GithubOidcStub.REQUEST_TOKEN);
            Process running = process.start();
            String log = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(running.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(running.exitValue()).as("step '%s' of job %s:%n%s", step.get("name"), jobName, log).isZero();
            Map<String, String> stepOutputs = new HashMap<>();
            for (String line : Files.readAllLines(output)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    stepOutputs.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (step.get("id") != null) {
                outputs.put(step.get("id").toString(), stepOutputs);
            }
        }
        return outputs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(Map<String, Object> workflow, String job, String name) {
        Map<String, Object> j = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get(job);
        return ((List<Map<String, Object>>) j.get("steps")).stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    /** GitHub's ${{ expression }}s, from the test's context; an expression the test does not know fails it. */
    private static String fill(String text, Map<String, String> context) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String value = context.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        assertThat(unknown).as("expressions the test cannot fill in: " + text).isEmpty();
        return out.toString();
    }
}
