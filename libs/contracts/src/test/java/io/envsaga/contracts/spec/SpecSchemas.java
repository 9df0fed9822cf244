package io.envsaga.contracts.spec;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import io.envsaga.contracts.resource.Condition;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one generator of the spec's schemas: the JSON Schema (docs/schema/, {@link JsonSchemaTest})
 * and, made structural, the CRD's ({@link EnvironmentCrd}) come from the records and their
 * Bean Validation constraints through this configuration.
 */
final class SpecSchemas {

    private static final SchemaGenerator GENERATOR = new SchemaGenerator(config());

    private SpecSchemas() {
    }

    /** The JSON Schema of a spec document, as published in docs/schema/environment.schema.json. */
    static ObjectNode environment() {
        ObjectNode schema = of(Environment.class);
        schema.put("$id", "https://envsaga.io/schema/environment.schema.json");
        schema.put("title", "envsaga Environment (envsaga.io/v1)");
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.putObject("apiVersion").put("const", Environment.API_VERSION);
        properties.putObject("kind").put("const", Environment.KIND);
        return schema;
    }

    /** The JSON Schema of a record (a spec's part, or the Environment object's status). */
    static ObjectNode of(Class<?> type) {
        return GENERATOR.generateSchema(type);
    }

    private static com.github.victools.jsonschema.generator.SchemaGeneratorConfig config() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.NULLABLE_FIELDS_BY_DEFAULT)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY, JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.RESPECT_JSONPROPERTY_REQUIRED))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
        // maps (env, queue arguments) are open by nature: their values have the map's value type
        config.forTypesInGeneral().withAdditionalPropertiesResolver(scope -> scope.getType().isInstanceOf(java.util.Map.class)
                ? scope.getTypeParameterFor(java.util.Map.class, 1) : null);
        config.forFields().withInstanceAttributeOverride((node, field, context) -> {
            if (field.getDeclaringType().isInstanceOf(Workload.class) && field.getName().equals("env")) {
                node.putObject("propertyNames").put("pattern", Patterns.ENV_VAR_NAME);
            }
            if (field.getDeclaringType().isInstanceOf(Condition.class) && field.getName().equals("lastTransitionTime")) {
                node.put("format", "date-time");
            }
        });
        return config.build();
    }
}
