package io.envsaga.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The run as Markdown: one table of measures with a column per saga store, then the goals
 * marked met or not. Row labels are constants, so that a test can check that every one is there.
 */
public final class Report {

    public static final String RAW = "raw round trip (persistent + confirmed, 2 quorum queues)";
    public static final String BUS_SEQUENTIAL = "the saga's messages alone (no orchestrator): sequential submit -> ready";
    public static final String BUS_BURST = "the saga's messages alone: burst throughput; broker / benchmark CPU per saga";
    public static final String SEQUENTIAL_REST = "sequential via REST: submit -> ready";
    public static final String SEQUENTIAL_REST_POST = "sequential via REST: POST answered";
    public static final String SEQUENTIAL_INTAKE = "sequential via intake: submit -> ready";
    public static final String STEADY = "steady rate via REST: submit -> ready";
    public static final String BURST_RATE = "burst via REST: throughput (ready sagas/s)";
    public static final String BURST_COUNTS = "burst: accepted / ready / 5xx / other errors / lost / failed / not sent";
    public static final String BURST_POST = "burst: POST answered";
    public static final String BURST_READY = "burst: submit -> ready";
    public static final String MESSAGES = "messages per saga, REST / intake (published, delivered)";
    public static final String CPU = "orchestrator CPU per saga (of it, its JIT compiler's): sequential REST / intake / steady / burst";
    public static final String CPU_OTHERS = "broker / benchmark CPU per saga (sequential REST, burst)";
    public static final String ERRORS = "errors + lost, all phases";

    public static final String GOAL_P50_REST = "p50 submit -> ready via REST <= 4 x the raw cost of the 3 hops (1.5 round trips)";
    public static final String GOAL_P50_INTAKE = "p50 submit -> ready via intake <= 4 x the raw cost of the 3 hops (1.5 round trips)";
    public static final String GOAL_P99_STEADY = "p99 submit -> ready <= 50 ms at the steady rate";
    public static final String GOAL_BURST = "burst throughput >= 200 sagas/s";
    public static final String GOAL_ZERO = "zero errors, zero lost";

    public static final List<String> ROWS = List.of(RAW, BUS_SEQUENTIAL, BUS_BURST, SEQUENTIAL_REST, SEQUENTIAL_REST_POST, SEQUENTIAL_INTAKE, STEADY, BURST_RATE,
            BURST_COUNTS, BURST_POST, BURST_READY, MESSAGES, CPU, CPU_OTHERS, ERRORS, GOAL_P50_REST, GOAL_P50_INTAKE, GOAL_P99_STEADY, GOAL_BURST,
            GOAL_ZERO);

    /** The 3-hop critical path costs one and a half raw round trips; the goal allows four times that. */
    static final double CRITICAL_PATH_ROUND_TRIPS = 1.5;
    static final double GOAL_FACTOR = 4;
    static final double GOAL_P99_MS = 50;
    static final double GOAL_BURST_PER_SECOND = 200;

    private Report() {
    }

    public static String render(String heading, BenchSettings settings, List<StoreRun.Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(heading).append("\n\n");
        out.append("| measure |");
        results.forEach(r -> out.append(' ').append(r.store().title()).append(" |"));
        out.append(" goal |\n|---|");
        results.forEach(r -> out.append("---|"));
        out.append("---|\n");
        row(out, RAW, results, r -> r.raw().describe(), "");
        row(out, BUS_SEQUENTIAL, results, r -> ready(r.busOnly().sequential()), "the floor");
        row(out, BUS_BURST, results, r -> "%s/s (%d of %d); %s / %s ms".formatted(ms(r.busOnly().burst().sagasPerSecond()),
                r.busOnly().burst().ready(), settings.burst(), ms(r.busOnly().burst().brokerCpuMillisPerSaga()),
                ms(r.busOnly().burst().benchCpuMillisPerSaga())), "the ceiling");
        row(out, SEQUENTIAL_REST, results, r -> ready(r.sequentialRest()), "p50 <= " + GOAL_FACTOR * CRITICAL_PATH_ROUND_TRIPS
                + " raw round trips (below)");
        row(out, SEQUENTIAL_REST_POST, results, r -> r.sequentialRest().answer().describe(), "");
        row(out, SEQUENTIAL_INTAKE, results, r -> ready(r.sequentialIntake()), "as REST");
        row(out, STEADY, results, r -> r.steady().toReady().describe() + " (" + settings.rate() + "/s for " + settings.seconds() + " s)",
                "p99 <= " + ms(GOAL_P99_MS) + " ms");
        row(out, BURST_RATE, results, r -> "%s/s (%d of %d from %d clients)".formatted(ms(r.burst().sagasPerSecond()), r.burst().ready(),
                settings.burst(), settings.clients()), ">= " + ms(GOAL_BURST_PER_SECOND) + "/s");
        row(out, BURST_COUNTS, results, r -> "%d / %d / %d / %d / %d / %d / %d".formatted(r.burst().accepted(), r.burst().ready(),
                r.burst().serverErrors(), r.burst().otherErrors(), r.burst().lost(), r.burst().failed(), r.burst().unsent()),
                "0 5xx, 0 lost");
        row(out, BURST_POST, results, r -> r.burst().answer().describe(), "");
        row(out, BURST_READY, results, r -> r.burst().toReady().describe(), "");
        row(out, MESSAGES, results, r -> messages(r.sequentialRest()) + " / " + messages(r.sequentialIntake()), "");
        row(out, CPU, results, r -> String.join(" / ", r.phases().stream()
                        .map(p -> ms(p.cpuMillisPerSaga()) + " ms (" + ms(p.jitCpuMillisPerSaga()) + ")").toList()),
                "stated");
        row(out, CPU_OTHERS, results, r -> ms(r.sequentialRest().brokerCpuMillisPerSaga()) + " / " + ms(r.sequentialRest()
                .benchCpuMillisPerSaga()) + " ms, " + ms(r.burst().brokerCpuMillisPerSaga()) + " / " + ms(r.burst().benchCpuMillisPerSaga())
                + " ms", "");
        row(out, ERRORS, results, r -> Integer.toString(errorsAndLost(r)), "0");
        out.append("\n| goal |");
        results.forEach(r -> out.append(' ').append(r.store().title()).append(" |"));
        out.append("\n|---|");
        results.forEach(r -> out.append("---|"));
        out.append('\n');
        goal(out, GOAL_P50_REST, results, r -> p50Goal(r, r.sequentialRest()));
        goal(out, GOAL_P50_INTAKE, results, r -> p50Goal(r, r.sequentialIntake()));
        goal(out, GOAL_P99_STEADY, results, r -> verdict(r.steady().toReady().p99() <= GOAL_P99_MS && r.steady().lost() == 0,
                "p99 " + ms(r.steady().toReady().p99()) + " ms"));
        goal(out, GOAL_BURST, results, r -> verdict(r.burst().sagasPerSecond() >= GOAL_BURST_PER_SECOND && r.burst().ready()
                == settings.burst(), ms(r.burst().sagasPerSecond()) + "/s, " + r.burst().ready() + " of " + settings.burst() + " ready; the messages alone "
                + ms(r.busOnly().burst().sagasPerSecond()) + "/s"));
        goal(out, GOAL_ZERO, results, r -> verdict(errorsAndLost(r) == 0, errorsAndLost(r) + " errors + lost"));
        return out.toString();
    }

    public static int errorsAndLost(StoreRun.Result r) {
        return r.phases().stream().mapToInt(p -> p.errors() + p.lost() + p.failed()).sum();
    }

    private static String p50Goal(StoreRun.Result r, PhaseResult phase) {
        double bound = GOAL_FACTOR * CRITICAL_PATH_ROUND_TRIPS * r.raw().p50();
        double p50 = phase.toReady().p50();
        return verdict(p50 <= bound, ms(p50) + " ms vs " + ms(bound) + " ms = " + ms(p50 / (CRITICAL_PATH_ROUND_TRIPS * r.raw().p50()))
                + " x the raw 3 hops; the messages alone " + ms(r.busOnly().sequential().toReady().p50()) + " ms");
    }

    private static String verdict(boolean met, String detail) {
        return (met ? "met" : "**NOT MET**") + " (" + detail + ")";
    }

    private static String ready(PhaseResult phase) {
        return phase.toReady().describe() + ", " + ms(phase.sagasPerSecond()) + "/s";
    }

    private static String messages(PhaseResult phase) {
        return phase.messages() == null ? "not counted"
                : ms(phase.messages().published()) + ", " + ms(phase.messages().delivered());
    }

    private static void row(StringBuilder out, String label, List<StoreRun.Result> results, Function<StoreRun.Result, String> cell,
                            String goal) {
        out.append("| ").append(label).append(" |");
        results.forEach(r -> out.append(' ').append(cell.apply(r)).append(" |"));
        out.append(' ').append(goal).append(" |\n");
    }

    private static void goal(StringBuilder out, String label, List<StoreRun.Result> results, Function<StoreRun.Result, String> cell) {
        List<String> cells = new ArrayList<>();
        results.forEach(r -> cells.add(cell.apply(r)));
        out.append("| ").append(label).append(" | ").append(String.join(" | ", cells)).append(" |\n");
    }

    /** A number of milliseconds (or anything) with one decimal under 100, none above. */
    static String ms(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value);
    }
}
