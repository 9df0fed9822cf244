package io.envsaga.bench;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.simulation.bus.Declarations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * The saga's messages with nothing else: what the bus costs when the orchestrator's own work
 * (HTTP, validation, the saga store, the outbox table) is taken away. Its submission publishes
 * {@code environment.requested} (persistent, mandatory, confirmed) as the outbox does; the five
 * simulated step services answer on the real step queues; it counts the answers in memory and,
 * at the fifth, publishes {@code environment.ready} (confirmed); the audit queue is consumed in
 * batches as the orchestrator's. The same 7 messages published and 17 delivered per saga, on the
 * same quorum queues: its throughput is the ceiling any orchestrator reaches on this broker and
 * machine, its latency the floor.
 */
public final class MessagesOnlySaga implements Submitter, AutoCloseable {

    private static final int STEPS = io.envsaga.contracts.events.Step.values().length;
    private static final long CONFIRM_TIMEOUT_MS = 30_000;

    private final BusTopology topology;
    private final CachingConnectionFactory connections;
    private final RabbitTemplate publisher;
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final List<SimpleMessageListenerContainer> containers;

    public MessagesOnlySaga(Broker broker, BusTopology topology) {
        this.topology = topology;
        this.connections = broker.springConnectionFactory();
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        connections.setChannelCacheSize(64);
        Declarations.declare(new RabbitAdmin(connections), topology.all());
        this.publisher = new RabbitTemplate(connections);
        publisher.setMandatory(true);
        SimpleMessageListenerContainer answers = new SimpleMessageListenerContainer(connections);
        answers.setQueueNames(topology.orchestratorStepsQueue());
        answers.setPrefetchCount(250);
        answers.setMessageListener(this::answer);
        SimpleMessageListenerContainer audit = new SimpleMessageListenerContainer(connections);
        audit.setQueueNames(topology.auditQueue());
        audit.setConsumerBatchEnabled(true);
        audit.setBatchSize(100);
        audit.setPrefetchCount(200);
        audit.setReceiveTimeout(20);
        audit.setMessageListener((BatchMessageListener) messages -> { }); // acknowledged together, as the orchestrator's audit does
        this.containers = List.of(answers, audit);
        containers.forEach(SimpleMessageListenerContainer::start);
    }

    @Override
    public Submission submit(String environment) {
        long start = System.nanoTime();
        Environment spec = SpecMapper.yaml().readValue(Submitter.spec(environment), Environment.class);
        boolean confirmed = publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/bench/messages-only", environment, environment, 1, null,
                new Payloads.EnvironmentRequested(spec)));
        return new Submission(confirmed, confirmed ? 0 : -1, start, System.nanoTime());
    }

    /** A step's answer: the fifth of an environment ends its saga. */
    private void answer(Message message) {
        Event<?> event = EventCodec.fromMessage(message);
        if (answered.computeIfAbsent(event.subject(), e -> new AtomicInteger()).incrementAndGet() == STEPS) {
            answered.remove(event.subject());
            publish(Event.of(EventType.ENVIRONMENT_READY, "/bench/messages-only", event.subject(), event.sagaId(), event.generation(), null,
                    new Payloads.EnvironmentReady(Map.of())));
        }
    }

    private boolean publish(Event<?> event) {
        Message message = EventCodec.toMessage(event);
        Boolean confirmed = publisher.invoke(operations -> {
            operations.send(topology.exchangeOf(event.type()), event.routingKey(), message);
            return operations.waitForConfirms(CONFIRM_TIMEOUT_MS);
        });
        return Boolean.TRUE.equals(confirmed);
    }

    @Override
    public void close() {
        containers.forEach(SimpleMessageListenerContainer::stop);
        connections.destroy();
    }
}
