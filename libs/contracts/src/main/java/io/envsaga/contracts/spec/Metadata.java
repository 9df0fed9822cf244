package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record Metadata(
        @NotNull(message = "is required")
        @Size(max = 40, message = "must be at most 40 characters")
        @Pattern(regexp = Patterns.RFC1123_LABEL, message = "must be an RFC 1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit")
        @JsonPropertyDescription("The environment's name: an RFC 1123 label of at most 40 characters")
        String name) {
}
