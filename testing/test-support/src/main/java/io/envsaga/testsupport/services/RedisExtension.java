package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Redis for a test class. Redis has no namespaces worth the name, so each class gets
 * a key prefix of its own ({@link #keyPrefix()}) and must keep to it.
 */
public class RedisExtension implements BeforeAllCallback {

    private Endpoint endpoint;
    private String keyPrefix;

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoint = ServiceLocator.standard().locate(ServiceLocator.REDIS, Containers::redis);
        keyPrefix = "t:" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + ":"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + ":";
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public String uri() {
        return "redis://" + endpoint.host() + ":" + endpoint.port();
    }

    public String keyPrefix() {
        return keyPrefix;
    }
}
