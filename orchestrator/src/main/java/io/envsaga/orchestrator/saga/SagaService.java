package io.envsaga.orchestrator.saga;

import io.envsaga.bus.EventLogContext;
import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.spec.Environment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.envsaga.contracts.events.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the pure {@link SagaEngine} with persistence and messaging around it, and is the one place
 * that takes an environment's lock: each input locks the environment's row, decides, stores the new state and hands the outgoing events to the outbox,
 * all in one transaction, and publishes an {@link EnvironmentChanged} for whoever acts once it
 * has committed.
 */
@Service
public class SagaService {

    private static final Logger log = LoggerFactory.getLogger(SagaService.class);

    private final SagaEngine engine;
    private final SagaStore store;
    private final OutgoingEvents outbox;
    private final SagaMetrics metrics;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Placement placement;

    public SagaService(SagaProperties properties, Placement placement, SagaStore store, OutgoingEvents outbox, SagaMetrics metrics,
                       Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.placement = placement;
        this.engine = new SagaEngine(properties.deadlines(), placement);
        this.store = store;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Accepts a validated spec as the environment's next generation. This is where a submission
     * takes the environment's lock (its name's, so that a new name is locked too); the check runs
     * under it, against the environment as it is, before anything is written.
     *
     * @param check what the submitter may do and what cannot change in place (tenancy's
     *              {@code SubmissionChecks}); it refuses by throwing
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public SagaState submit(Environment spec, SubmissionCheck check) {
        store.ensureLockRow(spec.name());
        Optional<SagaState> current = store.lockAndFind(spec.name());
        check.check(current);
        Decision decision = engine.submit(current.orElse(null), spec, Ids.random(), clock.instant());
        return apply(current.orElse(null), decision);
    }

    /** Starts the deletion of an environment; empty when there is no such environment. */
    @Transactional
    public Optional<SagaState> delete(String name) {
        Optional<SagaState> current = store.lockAndFind(name);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Decision decision = engine.delete(current.get(), clock.instant());
        return Optional.of(decision.changed() ? apply(current.get(), decision) : current.get());
    }

    /**
     * The orchestrator's own decision about an environment (its expiry): under the environment's lock
     * (its name's, then its row's, as a deletion takes them), {@code review} decides what to publish
     * and whether to delete it; a deletion is the normal deletion saga, as {@code DELETE} starts it.
     *
     * @return the environment after the review; empty when there is no such environment
     */
    @Transactional
    public Optional<SagaState> review(String name, Review review) {
        Optional<SagaState> current = store.lockAndFind(name);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Review.Verdict verdict = review.of(current.get(), now);
        Decision deletion = verdict.delete() ? engine.delete(current.get(), now) : Decision.ignore("not deleted");
        if (verdict.delete() && !deletion.changed()) {
            return current; // already deleting: whatever the review would publish belongs to a deletion that is not happening
        }
        if (!deletion.changed()) {
            String cluster = placement.clusterOf(current.get().spec().spec());
            outbox.append(verdict.publish().stream().map(event -> event.onCluster(cluster)).toList(), now);
            return current;
        }
        List<Outgoing> outgoing = new ArrayList<>(verdict.publish());
        outgoing.addAll(deletion.outgoing());
        return Optional.of(apply(current.get(), new Decision(deletion.state(), outgoing, deletion.note() + " by the orchestrator")));
    }

    /** A step service's answer. */
    @Transactional
    public void onStepEvent(Event<?> event) {
        onStepEvents(event.subject(), List.of(event));
    }

    /**
     * Answers about one environment, in the order they came, coalesced: one lock, one state write
     * and one outbox append for all of them (the five answers of a saga often arrive together).
     */
    @Transactional
    public void onStepEvents(String name, List<? extends Event<?>> events) {
        Optional<SagaState> current = store.lockExisting(name);
        if (current.isEmpty()) {
            log.info("{} answer(s) for unknown environment {}: ignored", events.size(), name);
            return;
        }
        SagaState state = current.get();
        String cluster = placement.clusterOf(state.spec().spec());
        List<Decision> decisions = new ArrayList<>();
        for (Event<?> event : events) {
            String from = ClusterRoute.orDefault(event.cluster());
            if (!from.equals(cluster)) {
                // its step user's answer (StepEventsListener checked that), but of another cluster: a step service
                // of one cluster cannot answer for an environment of another
                log.warn("{} of {} from a step service of cluster '{}' not counted: {} lives on cluster '{}'",
                        event.routingKey(), event.describe(), from, name, cluster);
                continue;
            }
            StepReport report = new StepReport(event.step(), event.type(), event.generation(),
                    event.sagaId() == null ? "" : event.sagaId(), event.data());
            Decision decision = engine.onStep(state, report, clock.instant());
            if (decision.changed()) {
                decisions.add(decision);
                state = decision.state();
            } else {
                log.debug("ignored: {}", decision.note());
            }
        }
        apply(current.get(), decisions);
    }

    /** Checks the environment's deadlines. */
    @Transactional
    public void tick(String name) {
        store.lockExisting(name).ifPresent(current -> apply(current, engine.tick(current, clock.instant())));
    }

    public List<String> dueForTick() {
        return store.dueForTick(clock.instant());
    }

    public Optional<SagaState> find(String name) {
        return store.find(name);
    }

    public List<SagaState> findAll() {
        return store.findAll();
    }

    private SagaState apply(SagaState before, Decision decision) {
        if (!decision.changed()) {
            log.debug("ignored: {}", decision.note());
            return before;
        }
        return apply(before, List.of(decision));
    }

    /** Stores the state the decisions end in once, and every event they publish, in the caller's transaction. */
    private SagaState apply(SagaState before, List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return before;
        }
        Instant now = clock.instant();
        List<Outgoing> outgoing = new ArrayList<>();
        SagaState previous = before;
        for (Decision decision : decisions) {
            SagaState next = decision.state();
            try (EventLogContext ignored = EventLogContext.of(next.name(), next.sagaId(), next.generation())) {
                if (previous == null || previous.phase() != next.phase()) {
                    log.info("{} -> {}: {}", previous == null ? "new" : previous.phase(), next.phase(), decision.note());
                } else {
                    // a step's answer within a phase: the audit history has every answer; an INFO line each made
                    // the console appender's lock a queue of its own under a burst
                    log.debug("{}: {}", next.phase(), decision.note());
                }
            }
            String cluster = placement.clusterOf(next.spec().spec());
            decision.outgoing().forEach(event -> outgoing.add(event.onCluster(cluster)));
            metrics.record(previous, next, decision.outgoing(), now);
            previous = next;
        }
        SagaState after = previous;
        if (before == null) {
            store.insert(after); // no row was read under the name's lock: there is none
        } else {
            store.save(before, after);
        }
        outbox.append(outgoing, now);
        events.publishEvent(new EnvironmentChanged(after)); // to its listeners once the transaction has committed
        return after;
    }

    /** For the metrics: the types that end a saga. */
    static boolean endsSaga(EventType type) {
        return type == EventType.ENVIRONMENT_READY || type == EventType.ENVIRONMENT_FAILED || type == EventType.ENVIRONMENT_DELETED;
    }

}
