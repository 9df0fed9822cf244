package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentSpec(
        @NotNull(message = "is required") @JsonPropertyDescription("production | stage | preview") Tier tier,
        @Size(max = 63, message = "must be at most 63 characters")
        @Pattern(regexp = Patterns.RFC1123_LABEL, message = "must be an RFC 1123 label")
        @JsonPropertyDescription("Kubernetes namespace; defaults to metadata.name")
        String namespace,
        @Size(max = 63, message = "must be at most 63 characters")
        @Pattern(regexp = Patterns.RFC1123_LABEL, message = "must be an RFC 1123 label")
        @JsonPropertyDescription("The Kubernetes cluster the environment lives on, one the orchestrator knows; defaults to the orchestrator's default cluster")
        String cluster,
        @Valid DnsSpec dns,
        @Valid IngressSpec ingress,
        @Valid List<@NotNull(message = "must not be null") @Valid Workload> workloads,
        @Valid MessagingSpec messaging,
        @Valid CacheSpec cache,
        @Valid @JsonPropertyDescription("Stage and preview only: production uses storage outside the cluster")
        StorageSpec storage,
        @Valid @JsonPropertyDescription("Stage and preview only: when the orchestrator deletes the environment by itself; previews have the orchestrator's defaults")
        ExpirySpec expiry) {

    public EnvironmentSpec {
        workloads = workloads == null ? List.of() : workloads;
    }

    /** A spec without {@code expiry} (the tier's defaults). */
    public EnvironmentSpec(Tier tier, String namespace, String cluster, DnsSpec dns, IngressSpec ingress, List<Workload> workloads,
                           MessagingSpec messaging, CacheSpec cache, StorageSpec storage) {
        this(tier, namespace, cluster, dns, ingress, workloads, messaging, cache, storage, null);
    }

    /** The same spec on {@code cluster}: how the orchestrator records the cluster a spec without one lands on. */
    public EnvironmentSpec onCluster(String cluster) {
        return new EnvironmentSpec(tier, namespace, cluster, dns, ingress, workloads, messaging, cache, storage, expiry);
    }
}
