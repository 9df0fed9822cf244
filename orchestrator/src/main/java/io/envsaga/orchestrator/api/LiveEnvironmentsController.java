package io.envsaga.orchestrator.api;

import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.security.AccessRules;
import io.envsaga.orchestrator.security.Action;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live list of the web page: every change of every environment the caller may read, as
 * Server-Sent Events (the same event as {@code /environments/{name}/events}): the current state of
 * each first, then every change. It never ends by itself: the page keeps it open while it shows
 * the list, and a page that reconnects is brought up to date by the first events.
 */
@RestController
public class LiveEnvironmentsController {

    private final EnvironmentEvents live;
    private final AccessRules access;
    private final SagaService saga;

    public LiveEnvironmentsController(EnvironmentEvents live, AccessRules access, SagaService saga) {
        this.live = live;
        this.access = access;
        this.saga = saga;
    }

    /** Who the token is: the page's sign-in checks a pasted token with it. */
    public record Caller(String name) {
    }

    @Operation(summary = "Who the bearer token is")
    @GetMapping(path = "/api/v1/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
    public Caller whoami(Authentication caller) {
        return new Caller(caller.getName());
    }

    @Operation(summary = "Server-Sent Events of every environment the caller may read: first the state of each, then "
            + "its state after every change")
    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(Authentication caller) {
        SseEmitter emitter = live.subscribeAll(caller.getName(), name -> access.allows(caller, Action.READ, name));
        // read after subscribing: a change in between is either in what is read or sent as it commits
        live.start(emitter, saga.findAll());
        return emitter;
    }
}
