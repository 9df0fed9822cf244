package io.envsaga.orchestrator.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.step-answers.*}: how the steps' answers are applied.
 *
 * @param lanes    threads that apply answers; an environment always goes to the same lane, so its
 *                 answers keep their order. Each holds at most one database connection at a time:
 *                 size the pool above this (docs/configuration.md, "The saga store").
 * @param prefetch answers the broker hands over unacknowledged at once, across all lanes
 * @param coalesce the most answers one lane applies in one transaction (per environment)
 */
@ConfigurationProperties("envsaga.orchestrator.step-answers")
public record AnswerLaneProperties(Integer lanes, Integer prefetch, Integer coalesce) {

    public AnswerLaneProperties {
        lanes = lanes == null ? 4 : lanes;
        prefetch = prefetch == null ? 500 : prefetch;
        coalesce = coalesce == null ? 50 : coalesce;
        if (lanes < 1 || prefetch < 1 || coalesce < 1) {
            throw new IllegalArgumentException("envsaga.orchestrator.step-answers.lanes, prefetch and coalesce must be at least 1");
        }
    }
}
