package io.envsaga.envctl.output;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.watch.Views;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code -o}: a table for people (the default), the server's answer as JSON or YAML for scripts, or
 * (for {@code get}) just the address people open.
 */
public enum OutputFormat {
    TABLE, JSON, YAML, URL;

    /** Prints the node as JSON or YAML; false for {@code table}, which the command draws itself. */
    public boolean print(JsonNode node, PrintWriter out) {
        switch (this) {
            case JSON -> out.println(SpecMapper.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            case YAML -> out.print(SpecMapper.yaml().writeValueAsString(node));
            case URL -> {
                for (JsonNode view : node.isArray() ? node : List.of(node)) {
                    String url = Views.url(view);
                    if (url.isEmpty()) {
                        throw new EnvctlException(ExitCode.FAILED, view.path("name").asString("") + " has no address (no ingress)");
                    }
                    out.println(url);
                }
            }
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }
}
