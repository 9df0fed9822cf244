package io.envsaga.orchestrator.api;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.audit.AuditHistory;
import io.envsaga.orchestrator.audit.AuditRecord;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.AccessRules;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.tenancy.Submissions;
import io.swagger.v3.oas.annotations.Operation;
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

    public EnvironmentController(EnvironmentValidator validator, SagaService saga, AccessRules access, AuditHistory history,
                                 EnvironmentEvents live, Submissions submissions) {
        this.submissions = submissions;
        this.validator = validator;
        this.saga = saga;
        this.access = access;
        this.history = history;
        this.live = live;
    }

    @Operation(summary = "Submit a spec (YAML or JSON): its next generation is brought up")
    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    public ResponseEntity<Accepted> submit(HttpServletRequest request,
                                           Authentication caller) throws IOException {
        Environment spec = validate(request);
        access.check(caller, Action.APPLY, spec.name());
        return accepted(submissions.submit(caller.getName(), access.grants(caller), spec));
    }

    @Operation(summary = "Put the spec of a named environment (the same as POST, declaratively)")
    @PutMapping(path = "/{name}", consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    public ResponseEntity<Accepted> put(@PathVariable String name, HttpServletRequest request, Authentication caller) throws IOException {
        access.check(caller, Action.APPLY, name);
        Environment spec = validate(request);
        if (!spec.name().equals(name)) {
            throw new InvalidSpecException(List.of(new Violation("metadata.name",
                    "is '" + spec.name() + "' but the URL names '" + name + "'")));
        }
        return accepted(submissions.submit(caller.getName(), access.grants(caller), spec));
    }

    @Operation(summary = "Every environment the caller may read")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EnvironmentView> list(Authentication caller) {
        return saga.findAll().stream().filter(s -> access.allows(caller, Action.READ, s.name())).map(EnvironmentView::of).toList();
    }

    @Operation(summary = "An environment: state, generation, each step with reasons, outputs and timestamps")
    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public EnvironmentView get(@PathVariable String name, Authentication caller) {
        access.check(caller, Action.READ, name);
        return EnvironmentView.of(existing(name));
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
        live.start(emitter, existing(name));
        return emitter;
    }

    private Environment validate(HttpServletRequest request) throws IOException {
        ValidationResult result = validator.validate(SpecBodies.read(request, validator.limits()));
        return result.orThrow();
    }

    private SagaState existing(String name) {
        return saga.find(name).orElseThrow(() -> new NotFoundException(name));
    }

    private static ResponseEntity<Accepted> accepted(SagaState state) {
        String url = "/api/v1/environments/" + state.name();
        return ResponseEntity.accepted().location(URI.create(url))
                .body(new Accepted(state.name(), state.generation(), state.sagaId(), state.phase().name().toLowerCase(), url));
    }

    static final class NotFoundException extends RuntimeException {
        NotFoundException(String name) {
            super("no environment named '" + name + "'");
        }
    }
}
