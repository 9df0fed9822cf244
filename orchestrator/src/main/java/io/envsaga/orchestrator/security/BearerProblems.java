package io.envsaga.orchestrator.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a refused bearer token gets: 401 (no token, an unknown one, a bad JWT), 503 with
 * {@code Retry-After} when the JWT issuer must be reached and cannot be now, 403 for an
 * identity without any grant. A problem+json body with the reason, never a stack trace.
 */
final class BearerProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof IssuerJwtDecoder.IssuerUnavailableException unavailable) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
            write(response, 503, "JWT issuer unavailable", e.getMessage());
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, 401, "Unauthorized", e == null || e.getMessage() == null ? "a bearer token is required"
                : e.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(response, 403, "Not allowed", e.getMessage());
    }

    private static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status);
        problem.put("title", title);
        problem.put("detail", detail);
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
