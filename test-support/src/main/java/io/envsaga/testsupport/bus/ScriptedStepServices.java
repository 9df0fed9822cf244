package io.envsaga.testsupport.bus;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Five stand-in step services for tests of the orchestrator: they consume the real step queues
 * and answer each command the way the test's {@link Script} says: succeed, fail with a reason,
 * hang (never answer), answer twice, or hold the answer until {@link #releaseHeld()}.
 */
public class ScriptedStepServices implements AutoCloseable {

    public enum Behaviour { SUCCEED, SKIP, FAIL, HANG, TWICE, HOLD }

    public record Answer(Behaviour behaviour, String reason) {
        public static Answer succeed() {
            return new Answer(Behaviour.SUCCEED, null);
        }

        public static Answer skip() {
            return new Answer(Behaviour.SKIP, null);
        }

        public static Answer fail(String reason) {
            return new Answer(Behaviour.FAIL, reason);
        }

        public static Answer hang() {
            return new Answer(Behaviour.HANG, null);
        }

        public static Answer twice() {
            return new Answer(Behaviour.TWICE, null);
        }

        public static Answer hold() {
            return new Answer(Behaviour.HOLD, null);
        }
    }

    /** Decides a step's answer to a command (environment.requested, -rollback-requested or -deletion-requested). */
    public interface Script {
        Answer answer(Step step, Event<?> command);
    }

    private final RabbitTemplate rabbit;
    private final BusTopology topology;
    private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();
    private final List<Event<?>> held = new CopyOnWriteArrayList<>();
    private final List<Event<?>> received = new CopyOnWriteArrayList<>();
    private volatile Script script = (step, command) -> Answer.succeed();

    public ScriptedStepServices(ConnectionFactory connectionFactory, BusTopology topology) {
        this.rabbit = new RabbitTemplate(connectionFactory);
        this.topology = topology;
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        for (Step step : Step.values()) {
            for (Declarable declarable : topology.forStep(step).getDeclarables()) {
                if (declarable instanceof org.springframework.amqp.core.Exchange e) {
                    admin.declareExchange(e);
                } else if (declarable instanceof org.springframework.amqp.core.Queue q) {
                    admin.declareQueue(q);
                } else if (declarable instanceof org.springframework.amqp.core.Binding b) {
                    admin.declareBinding(b);
                }
            }
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
            container.setQueueNames(topology.stepQueue(step));
            container.setMessageListener(message -> handle(step, EventCodec.fromMessage(message)));
            container.start();
            containers.add(container);
        }
    }

    public void script(Script newScript) {
        this.script = newScript;
    }

    /** Every command received so far, in order. */
    public List<Event<?>> received() {
        return List.copyOf(received);
    }

    /** Sends the answers held so far (as successes). */
    public void releaseHeld() {
        List<Event<?>> answers = List.copyOf(held);
        held.clear();
        answers.forEach(command -> answerSuccess(stepOf(command), command));
    }

    /** Sends the answers held so far as failures with this reason. */
    public void failHeld(String reason) {
        List<Event<?>> answers = List.copyOf(held);
        held.clear();
        answers.forEach(command -> publish(command, stepOf(command), EventType.STEP_FAILED, new Payloads.StepFailed(stepOf(command), reason, false)));
    }

    /** How many answers are held. */
    public int heldCount() {
        return held.size();
    }

    private void handle(Step step, Event<?> command) {
        received.add(new Event<>(command.id(), command.type(), command.source(), command.subject(), command.time(), command.sagaId(),
                command.generation(), step, command.data()));
        Answer answer = script.answer(step, command);
        switch (answer.behaviour()) {
            case SUCCEED -> answerSuccess(step, command);
            case SKIP -> publish(command, step, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(step, true, Map.of()));
            case FAIL -> publish(command, step, EventType.STEP_FAILED, new Payloads.StepFailed(step, answer.reason(), false));
            case TWICE -> {
                answerSuccess(step, command);
                answerSuccess(step, command);
            }
            case HOLD -> held.add(new Event<>(command.id(), command.type(), command.source(), command.subject(), command.time(),
                    command.sagaId(), command.generation(), step, command.data()));
            case HANG -> {
                // never answers
            }
        }
    }

    private void answerSuccess(Step step, Event<?> command) {
        if (command.type() == EventType.ENVIRONMENT_REQUESTED) {
            publish(command, step, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(step, false, Map.of("by", "scripted-" + step.id())));
        } else {
            publish(command, step, EventType.STEP_RELEASED, new Payloads.StepReleased(step));
        }
    }

    private static Step stepOf(Event<?> command) {
        return command.step();
    }

    private void publish(Event<?> command, Step step, EventType type, Object data) {
        Event<Object> answer = Event.of(type, "/test/scripted-" + step.id(), command.subject(), command.sagaId(), command.generation(), step, data);
        rabbit.send(topology.eventsExchange(), answer.routingKey(), EventCodec.toMessage(answer));
    }

    @Override
    public void close() {
        containers.forEach(SimpleMessageListenerContainer::stop);
    }
}
