package io.envsaga.contracts.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for message and saga ids, from {@link ThreadLocalRandom}: unique, not
 * secret (they name messages, they grant nothing). {@link UUID#randomUUID()} draws from one
 * synchronized {@code SecureRandom}; in a burst the orchestrator's request and consumer threads
 * queued on its lock for seconds in total, inside their transactions (JFR, issue 14).
 */
public final class Ids {

    private Ids() {
    }

    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;                      // version 4
        long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
