package io.envsaga.orchestrator.api;

import io.envsaga.orchestrator.audit.HistoryRecorded;
import io.envsaga.orchestrator.saga.EnvironmentChanged;
import io.envsaga.orchestrator.saga.SagaState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress for {@code GET .../{name}/events} (one environment, until it settles) and
 * {@code GET /api/v1/events} (every environment the caller may read, for the page): every
 * committed change, to its subscribers. Bounded: a stream times out, one of an environment ends
 * when it settles, a heartbeat finds closed sockets and drops their streams, and one identity may
 * hold only so many streams at once. The page's stream also says when an environment's history has
 * grown (event {@value #RECORDED}, data {@code {"name": ...}}): the audit is written by a consumer
 * of its own, so the history may lag the view that a message changed.
 */
@Component
@EnableConfigurationProperties(EventStreamProperties.class)
public class EnvironmentEvents {

    /** The name of the page stream's event that an environment's history has grown. */
    public static final String RECORDED = "recorded";

    /**
     * One subscriber (identity equality: it is kept in a set while what it was sent changes).
     * {@code environment} is null for a stream of every environment {@code mayRead} allows;
     * {@code sent} holds, per environment, the version of the last view sent: a view goes out only
     * if newer, so a subscriber that gets the current state and a concurrent change never sees
     * time go backwards. Every write to the emitter holds the stream's lock.
     */
    private static final class Stream {
        private final String environment;
        private final Predicate<String> mayRead;
        private final String identity;
        private final SseEmitter emitter;
        private final Map<String, Version> sent = new HashMap<>();

        Stream(String environment, Predicate<String> mayRead, String identity, SseEmitter emitter) {
            this.environment = environment;
            this.mayRead = mayRead;
            this.identity = identity;
            this.emitter = emitter;
        }

        String environment() {
            return environment;
        }

        String identity() {
            return identity;
        }

        SseEmitter emitter() {
            return emitter;
        }

        Map<String, Version> sent() {
            return sent;
        }

        boolean wants(String name) {
            return environment == null ? mayRead.test(name) : environment.equals(name);
        }
    }

    /** Where a view stands in its environment's life: later generations, then later changes, are newer. */
    record Version(long generation, Instant updatedAt) implements Comparable<Version> {
        static Version of(EnvironmentView view) {
            return new Version(view.generation(), view.updatedAt());
        }

        @Override
        public int compareTo(Version other) {
            int byGeneration = Long.compare(generation, other.generation);
            return byGeneration != 0 ? byGeneration : updatedAt.compareTo(other.updatedAt);
        }
    }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final EventStreamProperties properties;
    private final EnvironmentViews views;

    public EnvironmentEvents(EventStreamProperties properties, EnvironmentViews views, MeterRegistry meters) {
        this.properties = properties;
        this.views = views;
        Gauge.builder("envsaga_sse_streams", streams, Set::size).description("open Server-Sent Events streams").register(meters);
    }

    /** A new stream of the environment for the identity; {@link TooManyStreamsException} past the identity's cap. */
    SseEmitter subscribe(String name, String identity) {
        return open(name, null, identity);
    }

    /** Every change of every environment {@code mayRead} allows, until the timeout or the client goes away. */
    SseEmitter subscribeAll(String identity, Predicate<String> mayRead) {
        return open(null, mayRead, identity);
    }

    private synchronized SseEmitter open(String name, Predicate<String> mayRead, String identity) {
        if (streams.size() >= properties.maxStreams()) {
            throw new TooManyStreamsException(streams.size() + " event streams are open, the most this orchestrator serves"
                    + " (envsaga.orchestrator.events.max-streams); try again later", true);
        }
        long open = streams.stream().filter(s -> s.identity().equals(identity)).count();
        if (open >= properties.maxStreamsPerIdentity()) {
            throw new TooManyStreamsException(identity + " has " + open + " open event streams, the most allowed"
                    + " (envsaga.orchestrator.events.max-streams-per-identity)", false);
        }
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        Stream stream = new Stream(name, mayRead, identity, emitter);
        streams.add(stream);
        Runnable remove = () -> streams.remove(stream);
        emitter.onCompletion(remove);
        emitter.onTimeout(() -> {
            remove.run();
            emitter.complete();
        });
        emitter.onError(e -> remove.run());
        return emitter;
    }

    /** Once the transaction that changed the environment has committed (none is sent for one rolled back). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void changed(EnvironmentChanged change) {
        SagaState state = change.state();
        if (streams.isEmpty()) {
            return; // every committed change comes here: no view is built when nobody watches
        }
        EnvironmentView view = views.of(state);
        for (Stream stream : streams) {
            if (stream.wants(state.name())) {
                send(stream, view);
                if (stream.environment() != null && state.phase().isSettled()) {
                    end(stream);
                }
            }
        }
    }

    /** To each page stream that may read the environment: its history has grown, read it again. */
    @EventListener
    public void recorded(HistoryRecorded recorded) {
        for (Stream stream : streams) {
            if (stream.environment() != null) {
                continue; // one environment's stream carries its views only (envctl reads every event as one)
            }
            for (String name : recorded.environments()) {
                if (stream.wants(name)) {
                    write(stream, SseEmitter.event().name(RECORDED).data(Map.of("name", name)));
                }
            }
        }
    }

    /**
     * Sends what a new subscriber starts from, read after it subscribed: the environment's state
     * (one environment's stream; a settled environment's stream ends with it) or every state the
     * stream may read (the page's). A change committed meanwhile may have gone out first; the
     * older of the two is not sent.
     */
    void start(SseEmitter emitter, List<SagaState> current) {
        Stream stream = streams.stream().filter(s -> s.emitter() == emitter).findFirst().orElse(null);
        if (stream == null) {
            return; // closed already
        }
        List<SagaState> wanted = current.stream().filter(state -> stream.wants(state.name())).toList();
        List<EnvironmentView> shown = views.of(wanted);
        for (int i = 0; i < wanted.size(); i++) {
            send(stream, shown.get(i));
            if (stream.environment() != null && wanted.get(i).phase().isSettled()) {
                end(stream);
            }
        }
    }

    /** A comment line to every stream: a closed socket fails the write, and the stream goes. */
    @Scheduled(fixedDelayString = "${envsaga.orchestrator.events.heartbeat:15s}")
    public void heartbeat() {
        for (Stream stream : List.copyOf(streams)) {
            synchronized (stream) {
                try {
                    stream.emitter().send(SseEmitter.event().comment("heartbeat"));
                } catch (IOException | IllegalStateException e) {
                    end(stream);
                }
            }
        }
    }

    /** How many streams are open now. */
    public int open() {
        return streams.size();
    }

    private void send(Stream stream, EnvironmentView view) {
        synchronized (stream) {
            Version version = Version.of(view);
            Version last = stream.sent().get(view.name());
            if (last != null && version.compareTo(last) <= 0) {
                return; // the subscriber has this state or a newer one
            }
            if (write(stream, SseEmitter.event().name(view.phase()).id(view.generation() + "-" + view.updatedAt().toEpochMilli())
                    .data(view))) {
                stream.sent().put(view.name(), version);
            }
        }
    }

    /** Writes one event under the stream's lock; a failed write ends the stream. */
    private boolean write(Stream stream, SseEmitter.SseEventBuilder event) {
        synchronized (stream) {
            try {
                stream.emitter().send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                streams.remove(stream);
                stream.emitter().completeWithError(e);
                return false;
            }
        }
    }

    private void end(Stream stream) {
        streams.remove(stream);
        try {
            stream.emitter().complete();
        } catch (IllegalStateException alreadyDone) {
            // completed by the container meanwhile
        }
    }

    /** More streams than an identity may hold (429), or than all may hold together ({@code global}: 503). */
    public static class TooManyStreamsException extends RuntimeException {
        private final boolean global;

        TooManyStreamsException(String message, boolean global) {
            super(message);
            this.global = global;
        }

        public boolean global() {
            return global;
        }
    }
}
