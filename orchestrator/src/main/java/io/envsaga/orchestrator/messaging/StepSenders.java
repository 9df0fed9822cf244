package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.events.Step;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.step-users.<step>}: the broker user whose answers count for each
 * step (the broker vouches for a message's {@code user_id}). A step not configured expects the
 * orchestrator's own broker user ({@code spring.rabbitmq.username}), which is right when every
 * service shares one user (development) and refuses every answer otherwise, so that a forgotten
 * setting fails closed. An answer without {@code user_id} never counts.
 */
@ConfigurationProperties("envsaga.orchestrator")
public record StepSenders(Map<String, String> stepUsers) {

    public StepSenders {
        stepUsers = stepUsers == null ? Map.of() : stepUsers;
        for (String step : stepUsers.keySet()) {
            Step.of(step.toLowerCase(Locale.ROOT)); // an unknown step is a configuration error at start-up
        }
    }

    /** The expected user of each step, the orchestrator's own user where none is configured. */
    public Map<Step, String> resolve(String ownUser) {
        Map<Step, String> users = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            users.put(step, stepUsers.getOrDefault(step.id(), ownUser));
        }
        return users;
    }
}
