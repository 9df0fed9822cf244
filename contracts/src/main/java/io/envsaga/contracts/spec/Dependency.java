package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Something a workload connects to; its connection settings are injected by convention. */
public enum Dependency {
    @JsonProperty("rabbitmq") RABBITMQ,
    @JsonProperty("redis") REDIS,
    @JsonProperty("postgres") POSTGRES,
    @JsonProperty("minio") MINIO
}
