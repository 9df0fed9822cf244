package io.envsaga.cache;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.CacheSpec;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.KubernetesStep;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.participant.StepContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache step: the environment's standalone Redis through the Opstree operator, ready when the
 * operator's pod is and a real client confirms it answers with the spec's settings.
 */
public class CacheStep extends KubernetesStep {

    private static final Logger log = LoggerFactory.getLogger(CacheStep.class);

    private final KubernetesClient client;
    private final ServiceEndpoints endpoints;
    private final RedisCheck check;
    private final CacheProperties properties;
    private final KubernetesSettings settings;

    public CacheStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, RedisCheck check,
                     CacheProperties properties, KubernetesSettings settings) {
        super(applier, Step.CACHE, CacheObjects::target);
        this.client = client;
        this.endpoints = endpoints;
        this.check = check;
        this.properties = properties;
        this.settings = settings;
    }

    @Override
    protected List<List<Desired>> desired(Environment environment) {
        CacheSpec cache = environment.spec().cache();
        // used only if the Secret does not exist yet (it is created once, never rewritten)
        String password = cache != null && cache.auth() ? RedisAuthSecrets.generatePassword() : null;
        return CacheObjects.desired(environment, properties, settings.podFailures(), password);
    }

    /** The operator's pod being ready does not say the Redis has the spec's settings: a real client asks it. */
    @Override
    protected Map<String, String> whenReady(StepContext context) throws InterruptedException {
        Environment environment = context.environment();
        CacheSpec cache = environment.spec().cache();
        RedisSettings expected = RedisSettings.of(cache);
        check.await(connection(environment), expected, context::progress);
        context.progress(ConnectionNames.redis(environment.name()) + " answers PING with maxmemory " + expected.maxmemory()
                + " and " + expected.maxmemoryPolicy());
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("redis", ConnectionNames.redis(environment.name()));
        outputs.put("service", ConnectionNames.redis(environment.name()));
        outputs.put("port", Integer.toString(ConnectionNames.REDIS_PORT));
        outputs.put("configMap", RedisConfigMaps.name(environment));
        if (cache.auth()) {
            outputs.put("passwordSecret", ConnectionNames.redisAuthSecret(environment.name()));
        }
        outputs.put("maxmemory", Long.toString(expected.maxmemory()));
        outputs.put("maxmemoryPolicy", expected.maxmemoryPolicy());
        return outputs;
    }

    /**
     * With {@code flushOnRelease}, FLUSHALL before the Redis, its config and its Secret are deleted
     * (a cache keeps no data, so the release retains nothing).
     */
    @Override
    protected void beforeRelease(StepContext context) {
        Environment environment = context.environment();
        CacheSpec cache = environment.spec().cache();
        if (cache != null && cache.flushOnRelease()) {
            flush(environment, context);
        }
    }

    private void flush(Environment environment, StepContext context) {
        String redis = ConnectionNames.redis(environment.name());
        if (client.genericKubernetesResources(Redises.REDIS.context()).inNamespace(environment.namespace()).withName(redis).get() == null) {
            return;
        }
        String problem;
        try {
            problem = check.flushAll(connection(environment));
        } catch (RuntimeException e) {
            problem = RedisCheck.describe(e);
        }
        if (problem == null) {
            context.progress(redis + " flushed");
        } else {
            // nothing is on disk: deleting the Redis below removes its data all the same
            log.warn("{} not flushed before its release: {}", redis, problem);
            context.progress(redis + " not flushed (" + problem + "); deleting it removes its data");
        }
    }

    private RedisCheck.Connection connection(Environment environment) {
        String namespace = environment.namespace();
        String service = ConnectionNames.redis(environment.name());
        boolean auth = environment.spec().cache().auth();
        return new RedisCheck.Connection(() -> endpoints.resolve(namespace, service, ConnectionNames.REDIS_PORT),
                () -> auth ? RedisAuthSecrets.password(authSecret(environment)) : null);
    }

    private Secret authSecret(Environment environment) {
        return client.secrets().inNamespace(environment.namespace()).withName(ConnectionNames.redisAuthSecret(environment.name())).get();
    }
}
