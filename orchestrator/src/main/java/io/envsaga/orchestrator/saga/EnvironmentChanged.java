package io.envsaga.orchestrator.saga;

/**
 * An environment's state as {@link SagaService} has just stored it: an application event,
 * published inside the transaction that stored it, for listeners that act once that transaction
 * has committed ({@code @TransactionalEventListener}, such as the API's live event streams).
 */
public record EnvironmentChanged(SagaState state) {
}
