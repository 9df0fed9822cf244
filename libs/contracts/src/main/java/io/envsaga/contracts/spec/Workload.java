package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Workload(
        @NotNull(message = "is required")
        @Size(max = 40, message = "must be at most 40 characters")
        @Pattern(regexp = Patterns.RFC1123_LABEL, message = "must be an RFC 1123 label")
        String name,
        @NotNull(message = "is required")
        @Pattern(regexp = Patterns.IMAGE_REFERENCE, message = "not a valid image reference")
        String image,
        @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535")
        @JsonPropertyDescription("Container port; a workload with a port gets a Service")
        Integer port,
        @Min(value = 0, message = "must not be negative")
        @JsonPropertyDescription("Default 1; capped by the validator's configured maximum")
        Integer replicas,
        @JsonPropertyDescription("Plain values only; credentials come through uses")
        Map<@Pattern(regexp = Patterns.ENV_VAR_NAME, message = "not a valid environment variable name") String,
            @NotNull(message = "must not be null") String> env,
        List<@NotNull(message = "must not be null") Dependency> uses,
        @JsonPropertyDescription("Run the container privileged (Codedang's judge); default false")
        Boolean privileged,
        @Valid Resources resources,
        @Valid Probes probes) {

    public Workload {
        replicas = replicas == null ? 1 : replicas;
        env = env == null ? Map.of() : env;
        uses = uses == null ? List.of() : uses;
        privileged = privileged != null && privileged;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(@Valid Quantities requests, @Valid Quantities limits) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quantities(
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 500m") String cpu,
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 256Mi") String memory) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probes(@Valid HttpProbe readiness, @Valid HttpProbe liveness) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpProbe(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.HTTP_PATH, message = "must be an absolute HTTP path") String path,
            @Min(value = 1, message = "must be between 1 and 65535") @Max(value = 65535, message = "must be between 1 and 65535") Integer port,
            @Min(value = 0, message = "must not be negative") Integer initialDelaySeconds) {
    }
}
