package io.envsaga.orchestrator;

import io.envsaga.contracts.spec.SpecMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** What the expiry tests share: the configuration of a fast sweep, a preview with an expiry, and reads of the API. */
final class ExpirySpecs {

    /** A sweep every 100 ms and a warning 1 s ahead: a 2 s ttl is warned, then deleted, in seconds. */
    static final Map<String, String> FAST_SWEEP = Map.of("envsaga.orchestrator.expiry.sweep", "100ms",
            "envsaga.orchestrator.expiry.warn-before", "1s");

    private ExpirySpecs() {
    }

    /** A preview of one workload with {@code expiry} (e.g. {@code "{ ttl: 2s }"}). */
    static String preview(String name, String expiry) {
        return OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1") + "  expiry: " + expiry + "\n";
    }

    /** The routing keys of the environment's audit history, in order. */
    static List<String> history(OrchestratorHarness orchestrator, String name) {
        JsonNode records = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name + "/history").body());
        return records.valueStream().map(r -> r.get("routingKey").asString()).toList();
    }

    /** Waits until the history holds {@code routingKey}, and returns it. */
    static List<String> awaitHistory(OrchestratorHarness orchestrator, String name, String routingKey) {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> history(orchestrator, name), h -> h.contains(routingKey));
    }

    static JsonNode view(OrchestratorHarness orchestrator, String name) {
        return SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name).body());
    }
}
