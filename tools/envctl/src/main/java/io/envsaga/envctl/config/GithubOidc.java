package io.envsaga.envctl.config;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.Terminal;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The job's OIDC token in GitHub Actions: GitHub gives a job with {@code permissions: id-token: write}
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}; a GET of that URL with
 * {@code &audience=} answers {@code {"value": "<jwt>"}}.
 */
public final class GithubOidc {

    static final String URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    private GithubOidc() {
    }

    public static String token(Terminal terminal, HttpClient http, String audience) {
        String url = terminal.env().get(URL_ENV);
        String requestToken = terminal.env().get(TOKEN_ENV);
        if (url == null || url.isBlank() || requestToken == null || requestToken.isBlank()) {
            throw EnvctlException.invalid("--github-oidc needs " + URL_ENV + " and " + TOKEN_ENV
                    + " (run in GitHub Actions with 'permissions: id-token: write')");
        }
        String separator = url.contains("?") ? "&" : "?";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + separator + "audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + requestToken)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw EnvctlException.unreachable("cannot fetch the GitHub OIDC token: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnvctlException.unreachable("interrupted while fetching the GitHub OIDC token");
        }
        if (response.statusCode() != 200) {
            throw EnvctlException.unreachable("GitHub refused the OIDC token request: HTTP " + response.statusCode());
        }
        try {
            JsonNode value = SpecMapper.json().readTree(response.body()).path("value");
            if (!value.isString() || value.asString().isBlank()) {
                throw EnvctlException.unreachable("GitHub's OIDC answer has no token ('value')");
            }
            return value.asString();
        } catch (JacksonException e) {
            throw EnvctlException.unreachable("GitHub's OIDC answer is not JSON");
        }
    }
}
