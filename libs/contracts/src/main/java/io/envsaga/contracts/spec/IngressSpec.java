package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressSpec(
        IngressKind kind,
        @NotNull(message = "is required") @Pattern(regexp = Patterns.DNS_NAME, message = "not a valid host name") String host,
        @Valid Tls tls,
        @NotEmpty(message = "must list at least one route") List<@NotNull(message = "must not be null") @Valid Route> routes) {

    public IngressSpec {
        kind = kind == null ? IngressKind.Ingress : kind;
        routes = routes == null ? List.of() : routes;
    }

    public record Tls(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.RFC1123_LABEL, message = "not a valid cert-manager ClusterIssuer name") String clusterIssuer) {
    }

    public record Route(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.HTTP_PATH, message = "must be an absolute HTTP path such as /api") String path,
            @NotNull(message = "is required") String workload) {
    }
}
