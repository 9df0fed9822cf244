package io.envsaga.envctl.output;

import io.envsaga.contracts.spec.SpecMapper;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** {@code -o}: a table for people (the default), or the server's answer as JSON or YAML for scripts. */
public enum OutputFormat {
    TABLE, JSON, YAML;

    /** Prints the node as JSON or YAML; false for {@code table}, which the command draws itself. */
    public boolean print(JsonNode node, PrintWriter out) {
        switch (this) {
            case JSON -> out.println(SpecMapper.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            case YAML -> out.print(SpecMapper.yaml().writeValueAsString(node));
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }
}
