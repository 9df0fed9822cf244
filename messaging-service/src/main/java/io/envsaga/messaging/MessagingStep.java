package io.envsaga.messaging;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesStep;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.participant.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messaging step: the environment's RabbitmqCluster, then its topology (ordered groups, each
 * ready before the next), then a check on the broker itself. Outputs name the Service and the
 * Secrets, never their contents. Release: topology first, then the cluster (the order of
 * {@link MessagingObjects#KINDS}).
 */
public class MessagingStep extends KubernetesStep {

    private final BrokerCheck check;
    private final MessagingProperties properties;

    public MessagingStep(EnvironmentApplier applier, BrokerCheck check, MessagingProperties properties) {
        super(applier, Step.MESSAGING, MessagingObjects::target);
        this.check = check;
        this.properties = properties;
    }

    @Override
    protected List<List<Desired>> desired(Environment environment) {
        return MessagingObjects.groups(environment, properties);
    }

    /** The operators' conditions say the objects exist; only the broker says it serves them. */
    @Override
    protected Map<String, String> whenReady(StepContext context) {
        Environment environment = context.environment();
        MessagingSpec messaging = environment.spec().messaging();
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
        return outputs;
    }
}
