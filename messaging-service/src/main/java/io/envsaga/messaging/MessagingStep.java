package io.envsaga.messaging;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepHandler;
import io.envsaga.participant.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messaging step: the environment's RabbitmqCluster, then its topology (ordered groups, each
 * ready before the next), then a check on the broker itself. Outputs name the Service and the
 * Secrets, never their contents.
 */
public class MessagingStep implements StepHandler {

    private final EnvironmentApplier applier;
    private final BrokerCheck check;
    private final MessagingProperties properties;

    public MessagingStep(EnvironmentApplier applier, BrokerCheck check, MessagingProperties properties) {
        this.applier = applier;
        this.check = check;
        this.properties = properties;
    }

    @Override
    public Step step() {
        return Step.MESSAGING;
    }

    @Override
    public StepResult apply(StepContext context) throws InterruptedException {
        Environment environment = context.environment();
        EnvironmentApplier.Applied applied = applier.apply(MessagingObjects.target(environment, context.generation()),
                MessagingObjects.groups(environment, properties), context::progress);
        MessagingSpec messaging = environment.spec().messaging();
        if (messaging == null) {
            return StepResult.skip();
        }
        context.progress("checking the broker");
        String checked = check.check(environment);
        context.progress("broker checked: " + checked);
        String env = environment.name();
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("service", ConnectionNames.rabbitmqService(env) + ":" + ConnectionNames.RABBITMQ_PORT);
        outputs.put("vhost", messaging.vhost());
        outputs.put("defaultUserSecret", ConnectionNames.rabbitmqDefaultUserSecret(env));
        outputs.put("userSecrets", String.join(",", messaging.users().stream().map(u -> ConnectionNames.rabbitmqUserSecret(env, u.name())).toList()));
        outputs.put("checked", checked);
        if (!applied.pruned().isEmpty()) {
            outputs.put("pruned", String.join(",", applied.pruned()));
        }
        return StepResult.done(outputs);
    }

    /** Topology first, then the cluster (the order of {@link MessagingObjects#KINDS}). */
    @Override
    public void release(StepContext context) throws InterruptedException {
        long upTo = context.releaseUpTo();
        applier.release(MessagingObjects.target(context.environment(), context.generation()), upTo);
    }
}
