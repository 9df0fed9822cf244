package io.envsaga.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar tools/bench/target/envsaga-bench.jar [--quick] [--store h2,postgres] ...}: the saga's
 * speed measured from outside, in one run, on each saga store, beside the raw round trip on the same
 * broker. See docs/benchmarks.md.
 */
@Command(name = "envsaga-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the orchestrator's jar with instant simulated step services on the real broker and databases.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--quick", description = "small sizes (a minute or two per store); explicit sizes still win")
    boolean quick;
    @Option(names = "--store", split = ",", description = "saga stores, in order (default: h2,postgres)")
    List<String> stores = List.of("h2", "postgres");
    @Option(names = "--raw", description = "raw round trips (default 1000, quick 200)")
    Integer raw;
    @Option(names = "--warmup", description = "warm-up before measuring: this many sequential sagas via REST and via the intake, then a burst of twice as many (default 500, quick 5)")
    Integer warmup;
    @Option(names = "--sequential", description = "sequential sagas via REST, and as many via the intake (default 200, quick 20)")
    Integer sequential;
    @Option(names = "--rate", description = "sagas per second of the steady phase (default 10)")
    Integer rate;
    @Option(names = "--seconds", description = "seconds of the steady phase (default 30, quick 3)")
    Integer seconds;
    @Option(names = "--burst", description = "sagas of the burst (default 1000, quick 100)")
    Integer burst;
    @Option(names = "--clients", description = "concurrent HTTP clients of the burst (default 32, quick 8)")
    Integer clients;
    @Option(names = "--burst-deadline", description = "seconds after which the burst's clients stop sending (default 120, quick 60)")
    Integer burstDeadline;
    @Option(names = "--settle", description = "seconds a phase waits for its sagas' outcomes (default 180, quick 60)")
    Integer settle;
    @Option(names = "--request-timeout", description = "seconds before an HTTP request counts as an error (default 60)")
    int requestTimeout = 60;
    @Option(names = "--orchestrator-jar", description = "default: orchestrator/target/envsaga-orchestrator.jar above the working directory")
    Path orchestratorJar;
    @Option(names = "--jvm-arg", description = "an argument for the orchestrator's JVM ({store} is replaced by h2 or postgres),"
            + " e.g. -XX:StartFlightRecording=dumponexit=true,filename=orchestrator-{store}.jfr")
    List<String> jvmArguments = new ArrayList<>();
    @Option(names = "--orchestrator-property", description = "name=value, a Spring property for the orchestrator (diagnostics)")
    Map<String, String> orchestratorProperties = new LinkedHashMap<>();
    @Option(names = "--log-dir", description = "where the orchestrators' logs go (default: a temporary directory)")
    Path logDirectory;
    @Option(names = "--out", description = "also write the report to this file")
    Path out;
    @Option(names = "--rabbitmq", description = "host:port (default 127.0.0.1:5672)")
    String rabbitmq = "127.0.0.1:5672";
    @Option(names = "--rabbitmq-user")
    String rabbitUser = "guest";
    @Option(names = "--rabbitmq-password")
    String rabbitPassword = "guest";
    @Option(names = "--rabbitmq-management-port")
    int managementPort = 15672;
    @Option(names = "--postgres", description = "JDBC URL of an administrative database (default jdbc:postgresql://127.0.0.1:5432/postgres)")
    String postgresUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
    @Option(names = "--postgres-user")
    String postgresUser = "postgres";
    @Option(names = "--postgres-password")
    String postgresPassword = "";

    private PrintWriter console = new PrintWriter(System.out, true);
    private String report;
    private List<StoreRun.Result> results = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            BenchSettings settings = settings();
            String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String loadBefore = Machine.load();
            List<StoreRun.Result> done = new ArrayList<>();
            for (SagaStore.Kind kind : settings.stores()) {
                done.add(new StoreRun(settings, line -> console.println("# " + line)).run(kind));
            }
            results = List.copyOf(done);
            report = Report.render(Machine.heading(started, loadBefore, settings), settings, results);
            console.println();
            console.println(report);
            if (out != null) {
                Files.writeString(out, report);
            }
            return 0;
        } catch (BenchException e) {
            console.println("envsaga-bench: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            console.println("envsaga-bench: cannot write the report: " + e.getMessage());
            return 2;
        }
    }

    BenchSettings settings() throws IOException {
        List<SagaStore.Kind> kinds = stores.stream().map(SagaStore.Kind::of).distinct().toList();
        String[] hostPort = rabbitmq.split(":", 2);
        Broker broker = new Broker(hostPort[0], hostPort.length > 1 ? parsePort(hostPort[1]) : 5672, rabbitUser, rabbitPassword,
                managementPort);
        Path logs = logDirectory != null ? Files.createDirectories(logDirectory) : Files.createTempDirectory("envsaga-bench");
        return new BenchSettings(size(raw, 1000, 200), size(warmup, 500, 5), size(sequential, 200, 20), size(rate, 10, 10),
                size(seconds, 30, 3), size(burst, 1000, 100), size(clients, 32, 8),
                Duration.ofSeconds(size(burstDeadline, 120, 60)), Duration.ofSeconds(size(settle, 180, 60)),
                Duration.ofSeconds(requestTimeout), kinds, orchestratorJar != null ? orchestratorJar : Machine.findOrchestratorJar(),
                List.copyOf(jvmArguments), Map.copyOf(orchestratorProperties), logs, broker,
                new SagaStore.Postgres(postgresUrl, postgresUser, postgresPassword));
    }

    private int size(Integer given, int full, int small) {
        return given != null ? given : quick ? small : full;
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new BenchException("--rabbitmq: '" + port + "' is not a port number");
        }
    }

    /** The report of the last run (null before one has completed). */
    public String report() {
        return report;
    }

    /** The measures of the last run, per store. */
    public List<StoreRun.Result> results() {
        return results;
    }

    /** Where progress and the report go (standard output by default). */
    public void console(PrintWriter writer) {
        this.console = writer;
    }
}
