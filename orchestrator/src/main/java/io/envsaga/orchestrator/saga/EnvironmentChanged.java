package io.envsaga.orchestrator.saga;

/**
 * An environment's state as {@link SagaService} has just stored it: an application event,
 * published inside the transaction that stored it, for listeners that act once that transaction
 * has committed ({@code @TransactionalEventListener}, such as the API's live event streams), or
 * inside it, under the environment's lock, with a plain {@code @EventListener} (the expiry clock:
 * what it writes commits or rolls back with the change).
 */
public record EnvironmentChanged(SagaState state) {
}
