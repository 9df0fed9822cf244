package io.envsaga.orchestrator.api;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.audit.AuditHistory;
import io.envsaga.orchestrator.audit.AuditRecord;
import io.envsaga.orchestrator.cluster.Clusters;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.AccessRules;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.tenancy.Submissions;
import io.envsaga.orchestrator.tenancy.Submitted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The REST API: submit, read, delete environments; their history and live events. */
@RestController
@RequestMapping("/api/v1/environments")
public class EnvironmentController {

    private final EnvironmentValidator validator;
    private final SagaService saga;
    private final AccessRules access;
    private final AuditHistory history;
    private final EnvironmentEvents live;
    private final Submissions submissions;
    private final Clusters clusters;
    private final EnvironmentViews views;

    public EnvironmentController(EnvironmentValidator validator, SagaService saga, AccessRules access, AuditHistory history,
                                 EnvironmentEvents live, Submissions submissions, Clusters clusters, EnvironmentViews views) {
        this.views = views;
        this.submissions = submissions;
        this.clusters = clusters;
        this.validator = validator;
        this.saga = saga;
        this.access = access;
        this.history = history;
        this.live = live;
    }

    @Operation(summary = "Submit a spec (YAML or JSON): its next generation is brought up")
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER, required = false, description = IdempotencyKey.DESCRIPTION,
            schema = @Schema(type = "string", minLength = 1, maxLength = 255, pattern = IdempotencyKey.PATTERN))
    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    public ResponseEntity<Accepted> submit(HttpServletRequest request,
                                           Authentication caller) throws IOException {
        String key = IdempotencyKey.of(request);
        byte[] body = SpecBodies.read(request, validator.limits());
        Environment spec = validator.validate(body).orThrow();
        access.check(caller, Action.APPLY, spec.name());
        return submit(request, caller, key, body, spec);
    }

    @Operation(summary = "Put the spec of a named environment (the same as POST, declaratively)")
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER, required = false, description = IdempotencyKey.DESCRIPTION,
            schema = @Schema(type = "string", minLength = 1, maxLength = 255, pattern = IdempotencyKey.PATTERN))
    @PutMapping(path = "/{name}", consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    public ResponseEntity<Accepted> put(@PathVariable String name, HttpServletRequest request, Authentication caller) throws IOException {
        access.check(caller, Action.APPLY, name);
        String key = IdempotencyKey.of(request);
        byte[] body = SpecBodies.read(request, validator.limits());
        Environment spec = validator.validate(body).orThrow();
        if (!spec.name().equals(name)) {
            throw new InvalidSpecException(List.of(new Violation("metadata.name",
                    "is '" + spec.name() + "' but the URL names '" + name + "'")));
        }
        return submit(request, caller, key, body, spec);
    }

    /** Without a key every request is a new generation; with one, a retry gets the first answer (docs/orchestrator.md). */
    private ResponseEntity<Accepted> submit(HttpServletRequest request, Authentication caller, String key, byte[] body, Environment spec) {
        if (key == null) {
            return accepted(submissions.submit(caller.getName(), access.grants(caller), spec));
        }
        Submitted submitted = submissions.submitOnce(caller.getName(), key, IdempotencyKey.fingerprint(request, body),
                access.grants(caller), spec);
        ResponseEntity.BodyBuilder answer = accepted(submitted.name());
        if (submitted.replayed()) {
            answer.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return answer.body(new Accepted(submitted.name(), submitted.generation(), submitted.sagaId(), submitted.phase(), url(submitted.name())));
    }

    @Operation(summary = "Every environment the caller may read, or those of one cluster", description = """
            Each view names its `cluster`. With `cluster`, only the environments on that cluster: an empty list when it \
            has none; 400 (problem detail naming the configured clusters) for a name that is neither a configured cluster \
            nor the cluster of an environment the caller may read, so that a typo is not taken for an empty cluster.""")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EnvironmentView> list(@Parameter(description = "only the environments on this cluster (`spec.cluster`)", example = "stage")
                                      @RequestParam(required = false) String cluster, Authentication caller) {
        List<EnvironmentView> readable = views.of(saga.findAll().stream().filter(s -> access.allows(caller, Action.READ, s.name())).toList());
        if (cluster == null) {
            return readable;
        }
        List<EnvironmentView> on = readable.stream().filter(view -> view.cluster().equals(cluster)).toList();
        // a cluster no longer configured still has its environments until they are deleted: they stay listed
        if (on.isEmpty() && !clusters.knows(cluster)) {
            throw new UnknownClusterException(clusters.unknown(cluster));
        }
        return on;
    }

    @Operation(summary = "An environment: state, generation, each step with reasons, outputs and timestamps")
    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public EnvironmentView get(@PathVariable String name, Authentication caller) {
        access.check(caller, Action.READ, name);
        return views.of(existing(name));
    }

    @Operation(summary = "Tear an environment down")
    @DeleteMapping(path = "/{name}")
    public ResponseEntity<Accepted> delete(@PathVariable String name, Authentication caller) {
        access.check(caller, Action.DELETE, name);
        SagaState state = saga.delete(name).orElseThrow(() -> new NotFoundException(name));
        return accepted(state);
    }

    @Operation(summary = "Every message about the environment, in order (the audit history)")
    @GetMapping(path = "/{name}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AuditRecord> history(@PathVariable String name, Authentication caller,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        access.check(caller, Action.READ, name);
        return history.of(name, from, to);
    }

    @Operation(summary = "Server-Sent Events of the environment's progress: its state after every change, until it settles")
    @GetMapping(path = "/{name}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String name, Authentication caller) {
        access.check(caller, Action.READ, name);
        existing(name);
        SseEmitter emitter = live.subscribe(name, caller.getName());
        // read again after subscribing, so that a change in between is not missed
        live.start(emitter, List.of(existing(name)));
        return emitter;
    }

    private SagaState existing(String name) {
        return saga.find(name).orElseThrow(() -> new NotFoundException(name));
    }

    private static ResponseEntity<Accepted> accepted(SagaState state) {
        return accepted(state.name())
                .body(new Accepted(state.name(), state.generation(), state.sagaId(), state.phase().name().toLowerCase(), url(state.name())));
    }

    private static ResponseEntity.BodyBuilder accepted(String name) {
        return ResponseEntity.accepted().location(URI.create(url(name)));
    }

    private static String url(String name) {
        return "/api/v1/environments/" + name;
    }

    /** A {@code cluster} filter naming no cluster this orchestrator knows of (400). */
    static final class UnknownClusterException extends RuntimeException {
        UnknownClusterException(String message) {
            super(message);
        }
    }

    static final class NotFoundException extends RuntimeException {
        NotFoundException(String name) {
            super("no environment named '" + name + "'");
        }
    }
}
