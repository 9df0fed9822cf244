package io.envsaga.orchestrator.api;

import io.envsaga.orchestrator.saga.SagaState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live progress for {@code GET .../events}: every committed change of an environment, to its subscribers. */
@Component
public class EnvironmentEvents {

    private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    /** Subscribers to every environment they may read (the page's list), with that check. */
    private final Map<SseEmitter, java.util.function.Predicate<String>> everything = new ConcurrentHashMap<>();

    SseEmitter subscribe(String name) {
        SseEmitter emitter = new SseEmitter(0L);
        List<SseEmitter> list = subscribers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    /** Every change of every environment {@code mayRead} allows, until the client goes away. */
    SseEmitter subscribeAll(java.util.function.Predicate<String> mayRead) {
        SseEmitter emitter = new SseEmitter(0L);
        everything.put(emitter, mayRead);
        Runnable remove = () -> everything.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    /** Called after the transaction that changed the environment has committed. */
    public void changed(SagaState state) {
        EnvironmentView view = EnvironmentView.of(state);
        everything.forEach((emitter, mayRead) -> {
            if (mayRead.test(state.name())) {
                send(emitter, view);
            }
        });
        List<SseEmitter> list = subscribers.get(state.name());
        if (list == null) {
            return;
        }
        for (SseEmitter emitter : list) {
            send(emitter, view);
            if (state.phase().isSettled()) {
                emitter.complete();
            }
        }
    }

    void send(SseEmitter emitter, EnvironmentView view) {
        try {
            emitter.send(SseEmitter.event().name(view.phase()).id(view.generation() + "-" + view.updatedAt().toEpochMilli()).data(view));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }
}
