package io.envsaga.orchestrator;

import java.util.Map;

/** {@link IdempotencyKeyIT}'s scenarios on the default saga store, H2. */
class IdempotencyKeyOnH2IT extends IdempotencyKeyIT {

    @Override
    Map<String, String> store() {
        return OutboxIT.h2("idempotency");
    }

    @Override
    String storeName() {
        return "h2";
    }
}
