package io.envsaga.storage;

import java.security.SecureRandom;

/**
 * Generates the credentials of the create-only Secrets. Letters and digits only: the values end up
 * in URLs the kubelet builds ({@code postgresql://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@...}) and in
 * MinIO's {@code config.env}, where anything else would need escaping.
 */
@FunctionalInterface
public interface Credentials {

    /** A fresh value of {@code length} characters; {@code purpose} names it (a test's fixed generator shows it). */
    String generate(String purpose, int length);

    static Credentials secureRandom() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return (purpose, length) -> {
            StringBuilder value = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return value.toString();
        };
    }
}
