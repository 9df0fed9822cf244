package io.envsaga.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event of the bus: its routing key (with {@code <step>} filled in for step events), its
 * CloudEvents type, the exchange it travels on and the class of its JSON body.
 */
public enum EventType {
    ENVIRONMENT_SUBMITTED("environment.submitted", Channel.INTAKE, null),
    ENVIRONMENT_REQUESTED("environment.requested", Channel.EVENTS, Payloads.EnvironmentRequested.class),
    ENVIRONMENT_DELETION_REQUESTED("environment.deletion-requested", Channel.EVENTS, Payloads.EnvironmentDeletionRequested.class),
    ENVIRONMENT_ROLLBACK_REQUESTED("environment.rollback-requested", Channel.EVENTS, Payloads.EnvironmentRollbackRequested.class),
    STEP_SUCCEEDED("step.<step>.succeeded", Channel.EVENTS, Payloads.StepSucceeded.class),
    STEP_FAILED("step.<step>.failed", Channel.EVENTS, Payloads.StepFailed.class),
    STEP_RELEASED("step.<step>.released", Channel.EVENTS, Payloads.StepReleased.class),
    STEP_PROGRESS("step.<step>.progress", Channel.EVENTS, Payloads.StepProgress.class),
    ENVIRONMENT_READY("environment.ready", Channel.EVENTS, Payloads.EnvironmentReady.class),
    ENVIRONMENT_FAILED("environment.failed", Channel.EVENTS, Payloads.EnvironmentFailed.class),
    ENVIRONMENT_DELETED("environment.deleted", Channel.EVENTS, Payloads.EnvironmentDeleted.class),
    ENVIRONMENT_EXPIRING("environment.expiring", Channel.EVENTS, Payloads.EnvironmentExpiring.class),
    ENVIRONMENT_EXPIRED("environment.expired", Channel.EVENTS, Payloads.EnvironmentExpired.class),
    ENVIRONMENT_REJECTED("environment.rejected", Channel.EVENTS, Payloads.EnvironmentRejected.class);

    /** The prefix of every CloudEvents type of envsaga. */
    public static final String TYPE_PREFIX = "io.envsaga.";

    /** Which of the two exchanges an event travels on. */
    public enum Channel { INTAKE, EVENTS }

    private final String routingKeyPattern;
    private final Channel channel;
    private final Class<?> payloadType;

    EventType(String routingKeyPattern, Channel channel, Class<?> payloadType) {
        this.routingKeyPattern = routingKeyPattern;
        this.channel = channel;
        this.payloadType = payloadType;
    }

    public boolean isStepEvent() {
        return routingKeyPattern.startsWith("step.");
    }

    /** The routing key; step events need {@link #routingKey(Step)}. */
    public String routingKey() {
        if (isStepEvent()) {
            throw new IllegalStateException(this + " is routed per step");
        }
        return routingKeyPattern;
    }

    public String routingKey(Step step) {
        return isStepEvent() ? routingKeyPattern.replace("<step>", step.id()) : routingKey();
    }

    /**
     * The routing key of this event about an environment on {@code cluster}: a command's carries the
     * cluster ({@link ClusterRoute#suffix}), since the broker routes it to that cluster's step
     * services only; every other event's is the same on every cluster.
     */
    public String routingKey(Step step, String cluster) {
        return isCommand() ? routingKey() + ClusterRoute.suffix(cluster) : routingKey(step);
    }

    /** One of the orchestrator's three commands to the step services, routed by cluster. */
    public boolean isCommand() {
        return this == ENVIRONMENT_REQUESTED || this == ENVIRONMENT_ROLLBACK_REQUESTED || this == ENVIRONMENT_DELETION_REQUESTED;
    }

    /** The CloudEvents {@code type}, e.g. {@code io.envsaga.step.succeeded}. */
    public String cloudEventType() {
        return TYPE_PREFIX + routingKeyPattern.replace("<step>.", "");
    }

    public Channel channel() {
        return channel;
    }

    /** The class of the JSON body; {@code null} for a submission, whose body is the spec document itself. */
    public Class<?> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> ofCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst();
    }

    /** The binding key that matches every routing key of this type (a command's on the default cluster only). */
    public String bindingKey() {
        return routingKeyPattern.replace("<step>", "*");
    }
}
