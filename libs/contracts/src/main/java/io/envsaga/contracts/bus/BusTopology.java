package io.envsaga.contracts.bus;

import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The one place that declares envsaga's exchanges and queues. Every name derives from a prefix
 * ({@code envsaga} in production; a unique one per test class), so that two installations, or two
 * test classes, on one broker never meet.
 *
 * <p>Every consumer queue is a quorum queue with a delivery limit, a single active consumer
 * (so that a second replica is a hot standby and per-environment order holds) and its own
 * dead-letter queue, reached through the dead-letter exchange with the queue's name as key.
 *
 * <p>The step services of each cluster have queues of their own, bound only to that cluster's
 * commands ({@link ClusterRoute}: {@code <prefix>.step.<step>.<cluster>} for
 * {@code environment.requested.<cluster>} and the other two; the cluster {@code default} without
 * the suffix), so that a step service of one cluster never receives a command of another.
 *
 * @param prefix        the first segment of every name
 * @param deliveryLimit how often a message is delivered before it is dead-lettered
 */
public record BusTopology(String prefix, int deliveryLimit) {

    public static final String DEFAULT_PREFIX = "envsaga";
    public static final int DEFAULT_DELIVERY_LIMIT = 10;

    public BusTopology {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("bus prefix must be letters, digits, '.', '_' or '-': " + prefix);
        }
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("delivery limit must be at least 1");
        }
    }

    public static BusTopology defaults() {
        return new BusTopology(DEFAULT_PREFIX, DEFAULT_DELIVERY_LIMIT);
    }

    /** Submissions from CI and clients; only the orchestrator consumes it. */
    public String intakeExchange() {
        return prefix + ".intake";
    }

    /** Everything envsaga's own services publish. */
    public String eventsExchange() {
        return prefix + ".events";
    }

    public String deadLetterExchange() {
        return prefix + ".dlx";
    }

    public String exchangeOf(EventType type) {
        return type.channel() == EventType.Channel.INTAKE ? intakeExchange() : eventsExchange();
    }

    /** The queue of one step service of the default cluster: the orchestrator's commands. */
    public String stepQueue(Step step) {
        return stepQueue(step, ClusterRoute.DEFAULT);
    }

    /** The queue of one step service of {@code cluster}: the orchestrator's commands for that cluster's environments. */
    public String stepQueue(Step step, String cluster) {
        return prefix + ".step." + step.id() + ClusterRoute.suffix(cluster);
    }

    /** The orchestrator's queue of submissions from the intake exchange. */
    public String orchestratorIntakeQueue() {
        return prefix + ".orchestrator.intake";
    }

    /** The orchestrator's queue of the step services' answers. */
    public String orchestratorStepsQueue() {
        return prefix + ".orchestrator.steps";
    }

    /** Every message on both exchanges, for the audit history. */
    public String auditQueue() {
        return prefix + ".audit";
    }

    /**
     * An exclusive queue whose holder is the one replica of a step service that consumes
     * (dns-service's batch executor, docs/dns-service.md); declared by that service, not here.
     */
    public String executorLease(Step step) {
        return executorLease(step, ClusterRoute.DEFAULT);
    }

    /** The executor lease of one step service of {@code cluster}. */
    public String executorLease(Step step, String cluster) {
        return prefix + "." + step.id() + ".executor-lease" + ClusterRoute.suffix(cluster);
    }

    public String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    /** The exchanges alone: what a publisher needs. */
    public Declarables exchanges() {
        return new Declarables(exchangeList());
    }

    /** What a step service of the default cluster consumes. */
    public Declarables forStep(Step step) {
        return forStep(step, ClusterRoute.DEFAULT);
    }

    /** What a step service of {@code cluster} consumes: its queue, bound to that cluster's three commands only, with its DLQ. */
    public Declarables forStep(Step step, String cluster) {
        String queue = stepQueue(step, cluster);
        return consumer(queue, List.of(
                new Route(eventsExchange(), EventType.ENVIRONMENT_REQUESTED.routingKey(null, cluster)),
                new Route(eventsExchange(), EventType.ENVIRONMENT_ROLLBACK_REQUESTED.routingKey(null, cluster)),
                new Route(eventsExchange(), EventType.ENVIRONMENT_DELETION_REQUESTED.routingKey(null, cluster))));
    }

    /** What the orchestrator consumes: submissions and the steps' answers. */
    public Declarables forOrchestrator() {
        List<Declarable> all = new ArrayList<>(consumer(orchestratorIntakeQueue(),
                List.of(new Route(intakeExchange(), EventType.ENVIRONMENT_SUBMITTED.bindingKey()))).getDeclarables());
        List<Route> stepRoutes = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type.isStepEvent()) {
                stepRoutes.add(new Route(eventsExchange(), type.bindingKey()));
            }
        }
        for (Declarable d : consumer(orchestratorStepsQueue(), stepRoutes).getDeclarables()) {
            if (!(d instanceof Exchange)) {
                all.add(d);
            }
        }
        return new Declarables(all);
    }

    /** The audit queue: everything on both exchanges. */
    public Declarables forAudit() {
        return consumer(auditQueue(), List.of(new Route(intakeExchange(), "#"), new Route(eventsExchange(), "#")));
    }

    /** The whole bus of an installation of one cluster, {@code default}, with every step. */
    public Declarables all() {
        return all(Map.of(ClusterRoute.DEFAULT, EnumSet.allOf(Step.class)));
    }

    /**
     * The whole bus: exchanges, the queue of every step each cluster runs, the orchestrator's and
     * the audit queue, each with its DLQ. The orchestrator declares all of it, so that a command
     * published before a step service has ever started waits in that step's queue instead of being
     * unroutable.
     *
     * @param stepsByCluster each cluster's name and the steps whose services run there
     */
    public Declarables all(Map<String, ? extends Collection<Step>> stepsByCluster) {
        List<Declarable> all = new ArrayList<>(exchangeList());
        stepsByCluster.forEach((cluster, steps) -> {
            for (Step step : Step.values()) {
                if (steps.contains(step)) {
                    withoutExchanges(forStep(step, cluster), all);
                }
            }
        });
        withoutExchanges(forOrchestrator(), all);
        withoutExchanges(forAudit(), all);
        return new Declarables(all);
    }

    private static void withoutExchanges(Declarables declarables, List<Declarable> into) {
        for (Declarable d : declarables.getDeclarables()) {
            if (!(d instanceof Exchange)) {
                into.add(d);
            }
        }
    }

    /** Every queue name this topology declares for the default cluster, DLQs included (for clean-up in tests and tools). */
    public List<String> allQueues() {
        return allQueues(List.of(ClusterRoute.DEFAULT));
    }

    /** Every queue name this topology declares for these clusters (each with every step), DLQs included. */
    public List<String> allQueues(Collection<String> clusters) {
        List<String> queues = new ArrayList<>();
        for (String cluster : clusters) {
            for (Step step : Step.values()) {
                queues.add(stepQueue(step, cluster));
            }
        }
        queues.add(orchestratorIntakeQueue());
        queues.add(orchestratorStepsQueue());
        queues.add(auditQueue());
        List<String> withDlqs = new ArrayList<>(queues);
        queues.forEach(q -> withDlqs.add(deadLetterQueue(q)));
        return withDlqs;
    }

    public List<String> allExchanges() {
        return List.of(intakeExchange(), eventsExchange(), deadLetterExchange());
    }

    private record Route(String exchange, String bindingKey) {
    }

    private Declarables consumer(String queueName, List<Route> routes) {
        List<Declarable> declarables = new ArrayList<>(exchangeList());
        Queue queue = QueueBuilder.durable(queueName)
                .quorum()
                .deliveryLimit(deliveryLimit)
                .singleActiveConsumer()
                .deadLetterExchange(deadLetterExchange())
                .deadLetterRoutingKey(queueName)
                .build();
        Queue deadLetters = QueueBuilder.durable(deadLetterQueue(queueName)).quorum().build();
        declarables.add(queue);
        declarables.add(deadLetters);
        for (Route route : routes) {
            declarables.add(new Binding(queueName, Binding.DestinationType.QUEUE, route.exchange(), route.bindingKey(), null));
        }
        declarables.add(BindingBuilder.bind(deadLetters).to(new DirectExchange(deadLetterExchange())).with(queueName));
        return new Declarables(declarables);
    }

    private List<Declarable> exchangeList() {
        List<Declarable> exchanges = new ArrayList<>();
        exchanges.add(ExchangeBuilder.topicExchange(intakeExchange()).durable(true).build());
        exchanges.add(ExchangeBuilder.topicExchange(eventsExchange()).durable(true).build());
        exchanges.add(ExchangeBuilder.directExchange(deadLetterExchange()).durable(true).build());
        return exchanges;
    }

}
