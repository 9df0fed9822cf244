package io.envsaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the report says about where it ran, and where the orchestrator's jar is. */
final class Machine {

    private Machine() {
    }

    /** The load averages over 1, 5 and 15 minutes, as {@code uptime} shows them. */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    static String heading(String started, String loadBefore, BenchSettings settings) {
        return """
                ## envsaga-bench, %s
                
                %d cores, JDK %s; load average (1, 5, 15 min) %s at the start, %s at the end. \
                Sizes: %d raw round trips; %d sequential sagas via REST and %d via the intake; %d/s for %d s via REST; \
                a burst of %d from %d clients. Outcomes awaited up to %d s per phase.""".formatted(started,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore, load(), settings.raw(),
                settings.sequential(), settings.sequential(), settings.rate(), settings.seconds(), settings.burst(), settings.clients(),
                settings.settle().toSeconds());
    }

    /** {@code orchestrator/target/envsaga-orchestrator.jar} in the working directory or above it (run from the repository or bench/). */
    static Path findOrchestratorJar() {
        Path relative = Path.of("orchestrator", "target", "envsaga-orchestrator.jar");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new BenchException("no " + relative + " in " + Path.of("").toAbsolutePath() + " or above: build it with"
                + " ./mvnw -q -pl orchestrator -am package -DskipTests, or name it with --orchestrator-jar");
    }
}
