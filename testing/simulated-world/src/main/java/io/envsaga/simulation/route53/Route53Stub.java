package io.envsaga.simulation.route53;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-process Amazon Route 53 for tests and the sandbox: an HTTP server on 127.0.0.1 speaking
 * the Route 53 REST/XML protocol (API version 2013-04-01) closely enough for the real AWS SDK v2
 * {@code Route53Client} pointed at {@link #endpoint()} with any static credentials.
 *
 * <p>Supported actions: {@code ListHostedZonesByName}, {@code GetHostedZone},
 * {@code ListResourceRecordSets} (paged, in Route 53's order), {@code ChangeResourceRecordSets}
 * (CREATE, UPSERT, DELETE, applied all-or-nothing with Route 53's {@code InvalidChangeBatch}
 * messages and its limits of 1,000 records and 32,000 value characters per batch, UPSERT counting
 * twice) and {@code GetChange} ({@code PENDING} until the propagation delay has passed, then
 * {@code INSYNC}). A token bucket answers {@code Throttling} ("Rate exceeded", HTTP 400) like
 * Route 53's account limit; {@link #failNext} injects errors such as
 * {@code PriorRequestNotComplete}. Every request is counted per action.
 *
 * <p>This class is the server's lifecycle and what tests ask of it; {@link Router} routes each
 * request through {@link Admission} (counting, throttling, injected faults) to its action, a class
 * of its own: {@link HostedZoneActions}, {@link ListRecordSetsAction},
 * {@link ChangeRecordSetsAction}, {@link GetChangeAction}.
 *
 * <p>Call {@link #start()} and {@link #close()}; a test class holds one as
 * {@code @AutoClose static final Route53Stub route53 = new Route53Stub().start();}.
 */
public class Route53Stub implements AutoCloseable {

    public static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";
    public static final int MAX_RECORDS_PER_BATCH = 1000;
    public static final int MAX_VALUE_CHARACTERS_PER_BATCH = 32_000;

    public static final String LIST_HOSTED_ZONES_BY_NAME = "ListHostedZonesByName";
    public static final String GET_HOSTED_ZONE = "GetHostedZone";
    public static final String LIST_RESOURCE_RECORD_SETS = "ListResourceRecordSets";
    public static final String CHANGE_RESOURCE_RECORD_SETS = "ChangeResourceRecordSets";
    public static final String GET_CHANGE = "GetChange";

    /** One change of an accepted batch. */
    public record Change(String action, RecordSet recordSet) {
    }

    /** A change batch that Route 53 accepted. */
    public record Batch(String changeId, String zoneName, String comment, List<Change> changes) {
    }

    /** A change batch that Route 53 answered with InvalidChangeBatch, and its message. */
    public record Rejected(String zoneName, List<Change> changes, String message) {
    }

    private final HostedZones zones;
    private final Admission admission;
    private final GetChangeAction getChange;
    private final ChangeRecordSetsAction changeRecordSets;
    private final Router router;
    private HttpServer server;
    private ExecutorService executor;

    public Route53Stub() {
        this(Clock.systemUTC());
    }

    public Route53Stub(Clock clock) {
        AtomicInteger serials = new AtomicInteger(1000); // zone and change ids draw on one sequence
        this.zones = new HostedZones(serials::incrementAndGet);
        this.admission = new Admission(clock);
        this.getChange = new GetChangeAction(clock);
        this.changeRecordSets = new ChangeRecordSetsAction(zones, getChange, clock, serials::incrementAndGet);
        this.router = new Router(admission, new HostedZoneActions(zones), new ListRecordSetsAction(zones), changeRecordSets, getChange);
    }

    // --- lifecycle

    /** Starts the server on a free port of 127.0.0.1; idempotent. */
    public synchronized Route53Stub start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the Route53 stub's port", e);
        }
        executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "route53-stub");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Where the SDK's {@code endpointOverride} points. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the Route53 stub is not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // --- state for tests

    /** Creates a public hosted zone with its SOA and NS records; returns its id (without {@code /hostedzone/}). */
    public String createHostedZone(String name) {
        return zones.create(name);
    }

    /** Puts a record set as if made outside envsaga (by hand, or by Terraform). */
    public void putRecord(String zoneName, RecordSet recordSet) {
        zones.put(zoneName, recordSet);
    }

    public Optional<RecordSet> record(String zoneName, String name, String type) {
        return zones.record(zoneName, name, type);
    }

    /** Every record set of the zone in Route 53's order. */
    public List<RecordSet> records(String zoneName) {
        return zones.records(zoneName);
    }

    /** The accepted change batches, oldest first. */
    public List<Batch> batches() {
        return changeRecordSets.batches();
    }

    /** The change batches answered with InvalidChangeBatch, oldest first. */
    public List<Rejected> rejected() {
        return changeRecordSets.rejected();
    }

    /** Whether GetChange has answered INSYNC for this change (its id with or without {@code /change/}). */
    public boolean reportedInsync(String changeId) {
        return getChange.reportedInsync(changeId.replaceFirst("^/change/", ""));
    }

    /** Requests received for an action, throttled and failed ones included. */
    public int calls(String action) {
        return admission.calls(action);
    }

    /** Requests received per action. */
    public Map<String, Integer> calls() {
        return admission.calls();
    }

    public int totalCalls() {
        return admission.totalCalls();
    }

    /** Requests answered with {@code Throttling} by the token bucket. */
    public int throttled() {
        return admission.throttled();
    }

    /** Forgets the requests counted and the batches accepted and rejected; zones, records, limits and faults stay. */
    public void resetCounts() {
        admission.resetCounts();
        changeRecordSets.forgetBatches();
    }

    /** How long a change stays {@code PENDING} before {@code GetChange} answers {@code INSYNC}. */
    public Route53Stub propagationDelay(Duration delay) {
        getChange.propagationDelay(delay);
        return this;
    }

    /**
     * Limits the requests of the whole "account" with a token bucket of {@code burst} tokens
     * refilled at {@code perSecond}; a request finding it empty is answered {@code Throttling}.
     */
    public Route53Stub rateLimit(int burst, double perSecond) {
        admission.rateLimit(burst, perSecond);
        return this;
    }

    public Route53Stub noRateLimit() {
        admission.noRateLimit();
        return this;
    }

    /**
     * The next {@code times} requests for {@code action} are answered with the error {@code code}
     * (HTTP 400), e.g. {@code failNext("ChangeResourceRecordSets", "PriorRequestNotComplete", 2)}.
     */
    public Route53Stub failNext(String action, String code, int times) {
        admission.failNext(action, code, times);
        return this;
    }

    /** Runs once, just before the next ChangeResourceRecordSets is applied (e.g. to race it by hand). */
    public Route53Stub beforeNextChange(Consumer<Route53Stub> action) {
        changeRecordSets.beforeNext(() -> action.accept(this));
        return this;
    }
}
