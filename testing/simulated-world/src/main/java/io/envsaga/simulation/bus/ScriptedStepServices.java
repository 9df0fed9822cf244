package io.envsaga.simulation.bus;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Stand-in step services (all five, or those a test names) for tests of the orchestrator: they consume the real step queues
 * and answer each command the way the test's {@link Script} says: succeed, fail with a reason,
 * hang (never answer), answer twice, or hold the answer until {@link #releaseHeld()}.
 */
public class ScriptedStepServices implements AutoCloseable {

    public enum Behaviour { SUCCEED, SKIP, FAIL, HANG, TWICE, HOLD }

    /** @param outputs what a success reports; null for the default ({@code by: scripted-<step>}) */
    public record Answer(Behaviour behaviour, String reason, Map<String, String> outputs) {
        public Answer(Behaviour behaviour, String reason) {
            this(behaviour, reason, null);
        }

        public static Answer succeed() {
            return new Answer(Behaviour.SUCCEED, null);
        }

        /** Succeeds with these outputs, e.g. the {@code url} that workload-service reports for an ingress. */
        public static Answer succeedWith(Map<String, String> outputs) {
            return new Answer(Behaviour.SUCCEED, null, Map.copyOf(outputs));
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

    private final Map<Step, RabbitTemplate> templates = new java.util.EnumMap<>(Step.class);
    private final BusTopology topology;
    private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();
    private final List<Event<?>> held = new CopyOnWriteArrayList<>();
    private final List<Event<?>> received = new CopyOnWriteArrayList<>();
    private volatile Script script = (step, command) -> Answer.succeed();

    public ScriptedStepServices(ConnectionFactory connectionFactory, BusTopology topology) {
        this(step -> connectionFactory, topology, java.util.EnumSet.allOf(Step.class));
    }

    /** Stand-ins for some steps only: a saga test runs the others' real services. */
    public ScriptedStepServices(ConnectionFactory connectionFactory, BusTopology topology, java.util.Set<Step> steps) {
        this(step -> connectionFactory, topology, steps);
    }

    /** Each step as a broker user of its own: its queue is declared, consumed and answered through its own connection. */
    public ScriptedStepServices(java.util.function.Function<Step, ConnectionFactory> connectionOfStep, BusTopology topology) {
        this(connectionOfStep, topology, java.util.EnumSet.allOf(Step.class));
    }

    public ScriptedStepServices(java.util.function.Function<Step, ConnectionFactory> connectionOfStep, BusTopology topology,
                                java.util.Set<Step> steps) {
        this(connectionOfStep, topology, steps, io.envsaga.contracts.events.ClusterRoute.DEFAULT);
    }

    /** The step services of one cluster: they declare and consume that cluster's queues only, as real ones do. */
    public ScriptedStepServices(java.util.function.Function<Step, ConnectionFactory> connectionOfStep, BusTopology topology,
                                java.util.Set<Step> steps, String cluster) {
        this.topology = topology;
        for (Step step : steps) {
            ConnectionFactory connectionFactory = connectionOfStep.apply(step);
            templates.put(step, new RabbitTemplate(connectionFactory));
            Declarations.declare(new RabbitAdmin(connectionFactory), topology.forStep(step, cluster));
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
            container.setQueueNames(topology.stepQueue(step, cluster));
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
        held.removeAll(answers); // not clear(): a command held meanwhile stays held
        answers.forEach(command -> answerSuccess(stepOf(command), command));
    }

    /** Sends the answers held so far as failures with this reason. */
    public void failHeld(String reason) {
        List<Event<?>> answers = List.copyOf(held);
        held.removeAll(answers); // not clear(): a command held meanwhile stays held
        answers.forEach(command -> publish(command, stepOf(command), EventType.STEP_FAILED, new Payloads.StepFailed(stepOf(command), reason, false,
                CommandKind.of(command.type()))));
    }

    /** How many answers are held. */
    public int heldCount() {
        return held.size();
    }

    private void handle(Step step, Event<?> command) {
        Event<?> stamped = new Event<>(command.id(), command.type(), command.source(), command.subject(), command.time(),
                command.sagaId(), command.generation(), step, command.cluster(), command.data(), command.trace());
        Answer answer = script.answer(step, command);
        if (answer.behaviour() == Behaviour.HOLD) {
            // held before it is seen as received: a test that waits for the command and then releases it must find it held
            held.add(stamped);
        }
        received.add(stamped);
        switch (answer.behaviour()) {
            case SUCCEED -> {
                if (answer.outputs() != null && command.type() == EventType.ENVIRONMENT_REQUESTED) {
                    publish(command, step, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(step, false, answer.outputs()));
                } else {
                    answerSuccess(step, command);
                }
            }
            case SKIP -> publish(command, step, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(step, true, Map.of()));
            case FAIL -> publish(command, step, EventType.STEP_FAILED, new Payloads.StepFailed(step, answer.reason(), false, CommandKind.of(command.type())));
            case TWICE -> {
                answerSuccess(step, command);
                answerSuccess(step, command);
            }
            case HOLD -> {
                // held above
            }
            case HANG -> {
                // never answers
            }
        }
    }

    private void answerSuccess(Step step, Event<?> command) {
        if (command.type() == EventType.ENVIRONMENT_REQUESTED) {
            publish(command, step, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(step, false, Map.of("by", "scripted-" + step.id())));
        } else {
            publish(command, step, EventType.STEP_RELEASED, new Payloads.StepReleased(step, CommandKind.of(command.type())));
        }
    }

    /** A progress report for the command, as a step service sends one while it waits (e.g. for a Deployment). */
    public void progress(Event<?> command, String message) {
        Step step = stepOf(command);
        publish(command, step, EventType.STEP_PROGRESS, new Payloads.StepProgress(step, message));
    }

    private static Step stepOf(Event<?> command) {
        return command.step();
    }

    private void publish(Event<?> command, Step step, EventType type, Object data) {
        // in the command's trace, as a real step service's answer is (here a child of the command's publication itself)
        Event<Object> answer = Event.of(type, "/test/scripted-" + step.id(), command.subject(), command.sagaId(), command.generation(), step, data)
                .onCluster(command.cluster()).withTrace(command.trace());
        RabbitTemplate rabbit = templates.get(step);
        org.springframework.amqp.core.Message message = EventCodec.toMessage(answer);
        message.getMessageProperties().setUserId(rabbit.getConnectionFactory().getUsername()); // as the real services do
        rabbit.send(topology.eventsExchange(), answer.routingKey(), message);
    }

    @Override
    public void close() {
        containers.forEach(SimpleMessageListenerContainer::stop);
    }
}
