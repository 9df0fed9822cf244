package io.envsaga.orchestrator.api;

import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.tenancy.HostClaimedException;
import io.envsaga.orchestrator.tenancy.PreviewCapException;
import io.envsaga.orchestrator.tenancy.QuotaExceededException;
import io.envsaga.orchestrator.tenancy.SubmissionKeyReusedException;
import java.util.List;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Errors as RFC 9457 problem+json: what went wrong and, for a spec, every violation with its path. */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidSpecException.class)
    ProblemDetail invalidSpec(InvalidSpecException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.violations().size() + " violation(s) in the environment spec");
        problem.setType(URI.create("https://envsaga.io/problems/invalid-spec"));
        problem.setTitle("Invalid environment spec");
        problem.setProperty("violations", e.violations());
        return problem;
    }

    @ExceptionHandler(IdempotencyKey.InvalidException.class)
    ProblemDetail invalidIdempotencyKey(IdempotencyKey.InvalidException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://envsaga.io/problems/invalid-idempotency-key"));
        problem.setTitle("Invalid Idempotency-Key header");
        problem.setProperty("violations", List.of(new Violation("headers." + IdempotencyKey.HEADER, e.getMessage())));
        return problem;
    }

    /** 422 for a key used for another request (the IETF draft's answer), 409 while its first request runs. */
    @ExceptionHandler(SubmissionKeyReusedException.class)
    ProblemDetail idempotencyKeyReused(SubmissionKeyReusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.pending() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT,
                e.getMessage());
        problem.setType(URI.create(e.pending() ? "https://envsaga.io/problems/idempotency-key-in-use"
                : "https://envsaga.io/problems/idempotency-key-reused"));
        problem.setTitle(e.pending() ? "Idempotency-Key in use" : "Idempotency-Key used for another request");
        return problem;
    }

    @ExceptionHandler(SpecBodies.TooLargeException.class)
    ProblemDetail tooLarge(SpecBodies.TooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Spec document too large");
        return problem;
    }

    @ExceptionHandler(EnvironmentController.NotFoundException.class)
    ProblemDetail notFound(EnvironmentController.NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such environment");
        return problem;
    }

    @ExceptionHandler(EnvironmentController.UnknownClusterException.class)
    ProblemDetail unknownCluster(EnvironmentController.UnknownClusterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://envsaga.io/problems/unknown-cluster"));
        problem.setTitle("Unknown cluster");
        return problem;
    }

        @ExceptionHandler(HostClaimedException.class)
    ProblemDetail conflict(HostClaimedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Host claimed by another environment");
        problem.setProperty("host", e.host());
        problem.setProperty("owner", e.owner());
        return problem;
    }

    @ExceptionHandler(EnvironmentEvents.TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(EnvironmentEvents.TooManyStreamsException e) {
        HttpStatus status = e.global() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("Too many event streams");
        return ResponseEntity.status(status).header("Retry-After", "30").body(problem);
    }

    /** 429 with the numbers: which limit, what the identity holds, what the spec asks, the limit. */
    @ExceptionHandler(QuotaExceededException.class)
    ProblemDetail quotaExceeded(QuotaExceededException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("https://envsaga.io/problems/quota-exceeded"));
        problem.setTitle("Quota exceeded");
        problem.setProperty("resource", e.resource());
        problem.setProperty("used", e.used());
        problem.setProperty("asked", e.asked());
        problem.setProperty("limit", e.limit());
        return problem;
    }

    /** 429 with the numbers: whose cap (the identity's or the cluster's), how many live previews, the cap. */
    @ExceptionHandler(PreviewCapException.class)
    ProblemDetail previewCap(PreviewCapException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("https://envsaga.io/problems/preview-cap-reached"));
        problem.setTitle("Too many live previews");
        problem.setProperty("scope", e.scope());
        problem.setProperty("live", e.live());
        problem.setProperty("cap", e.cap());
        problem.setProperty("violations", List.of(new Violation("spec.tier", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Not allowed");
        return problem;
    }
}
