package io.envsaga.orchestrator.intake;

import io.envsaga.orchestrator.security.NamePattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.intake.*}: which broker users may submit which environments
 * through the intake exchange, e.g. user {@code ci-codedang} may submit {@code codedang-*}.
 */
@ConfigurationProperties("envsaga.orchestrator.intake")
public record IntakeProperties(List<Submitter> submitters) {

    public IntakeProperties {
        submitters = submitters == null ? List.of() : submitters;
    }

    /** @param user the AMQP user name, as the broker validates it ({@code user_id}) */
    public record Submitter(String user, List<String> environments) {
        public Submitter {
            environments = environments == null ? List.of() : environments;
        }
    }

    public boolean allows(String user, String environment) {
        return user != null && submitters.stream().anyMatch(s -> s.user().equals(user)
                && s.environments().stream().anyMatch(e -> new NamePattern(e).matches(environment)));
    }
}
