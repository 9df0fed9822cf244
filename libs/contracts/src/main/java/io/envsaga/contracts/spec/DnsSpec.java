package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record DnsSpec(
        @NotNull(message = "is required")
        @Pattern(regexp = Patterns.DNS_NAME, message = "not a valid DNS zone name")
        @JsonPropertyDescription("The Route53 hosted zone, e.g. codedang.com")
        String zone,
        @NotEmpty(message = "must list at least one host")
        List<@NotNull(message = "must not be null") @Pattern(regexp = Patterns.DNS_NAME, message = "not a valid host name") String> hosts,
        @Min(value = 60, message = "must be between 60 and 86400 seconds")
        @Max(value = 86400, message = "must be between 60 and 86400 seconds")
        @JsonPropertyDescription("TTL of the A records in seconds, default 300")
        Integer ttl,
        @JsonPropertyDescription("Default true. false: the hosts are claimed for this environment (its ingress may serve them) "
                + "but their DNS records are kept elsewhere, and dns-service writes none")
        Boolean records) {

    public static final int DEFAULT_TTL = 300;

    public DnsSpec {
        hosts = hosts == null ? List.of() : hosts;
        ttl = ttl == null ? DEFAULT_TTL : ttl;
    }

    /** Whether dns-service writes the hosts' records (true unless {@code records: false}); null is kept so that events stay as they were. */
    public boolean writesRecords() {
        return records == null || records;
    }
}
