package io.envsaga.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of a run (docs/reliability.md), written to {@code target/chaos/report.md} and the test's output. */
final class ChaosReport {

    record Counters(long refused, long serverErrors, long timeouts, long unconfirmed) {
        static Counters of(Api api, Intake intake) {
            return new Counters(api.refused.get(), api.serverErrors.get(), api.timeouts.get(), intake.unconfirmed.get());
        }

        Counters minus(Counters before) {
            return new Counters(refused - before.refused, serverErrors - before.serverErrors, timeouts - before.timeouts,
                    unconfirmed - before.unconfirmed);
        }
    }

    private final ChaosMode mode;
    private final List<String> rows = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private Duration startup = Duration.ZERO;
    private final List<String> injected = new ArrayList<>();
    private final List<String> recovered = new ArrayList<>();
    private long environments;
    private long accepted;

    ChaosReport(ChaosMode mode) {
        this.mode = mode;
    }

    void startup(Duration duration) {
        startup = duration;
    }

    synchronized void injected(String fault) {
        injected.add(fault);
    }

    synchronized void recovered(String recovery) {
        recovered.add(recovery);
    }

    synchronized void note(String scenario, String note) {
        notes.computeIfAbsent(scenario, s -> new ArrayList<>()).add(note);
    }

    synchronized void scenario(Campaign campaign, String fault, Counters counters, int audited) {
        long accepted = campaign.accepted.values().stream().mapToLong(List::size).sum();
        this.environments += campaign.scripts.size();
        this.accepted += accepted + campaign.confirmed.size();
        String row = "| %s | %d (%d ready, %d slow, %d broken, %d deleted) | %s | %d + %d | %d / %d / %d / %d | %d | %.1f s | %.1f s |".formatted(
                campaign.scenario, campaign.scripts.size(), campaign.count(Script.Kind.READY), campaign.count(Script.Kind.SLOW),
                campaign.count(Script.Kind.BROKEN), campaign.count(Script.Kind.DELETED), fault, accepted, campaign.confirmed.size(),
                counters.refused(), counters.serverErrors(), counters.timeouts(), counters.unconfirmed(), audited,
                java.time.Duration.between(campaign.started, campaign.submitted).toMillis() / 1000.0,
                campaign.timeToSettle().toMillis() / 1000.0);
        rows.add(row);
        System.out.println("chaos " + row);
    }

    void write(Path file) throws IOException {
        StringBuilder out = new StringBuilder("# chaos suite, " + mode.name() + " version (seed " + mode.seed() + ")\n\n");
        out.append("Start-up of the node, the mock servers and seven application processes: %.1f s\n\n"
                .formatted(startup.toMillis() / 1000.0));
        out.append("| scenario | environments | fault | accepted: REST 202 + intake confirms | retried: refused / 5xx / timed out / intake unconfirmed "
                + "| messages audited | all accepted after | all settled after |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> out.append(row).append('\n'));
        notes.forEach((scenario, list) -> list.forEach(note -> out.append("\n- ").append(scenario).append(": ").append(note)));
        out.append("\n\nTotals: %d environments, %d submissions and deletions accepted; faults injected: %s; recoveries: %s\n"
                .formatted(environments, accepted, injected, recovered));
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.println(out);
    }
}
