package io.envsaga.simulation.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern ZONE_PATH = Pattern.compile("^/2013-04-01/hostedzone/(?:hostedzone/)?([A-Za-z0-9]+)$");
    private static final Pattern RRSET_PATH = Pattern.compile("^/2013-04-01/hostedzone/(?:hostedzone/)?([A-Za-z0-9]+)/rrset/?$");
    private static final Pattern CHANGE_PATH = Pattern.compile("^/2013-04-01/change/(?:change/)?([A-Za-z0-9]+)$");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    /** One change of an accepted batch. */
    public record Change(String action, RecordSet recordSet) {
    }

    /** A change batch that Route 53 accepted. */
    public record Batch(String changeId, String zoneName, String comment, List<Change> changes) {
    }

    /** A change batch that Route 53 answered with InvalidChangeBatch, and its message. */
    public record Rejected(String zoneName, List<Change> changes, String message) {
    }

    private record Zone(String id, String name, Map<String, RecordSet> records) {
    }

    private record ChangeInfo(String id, Instant submittedAt, String comment) {
    }

    private record Fault(String code, String message) {
    }

    private final Clock clock;
    private final Map<String, Zone> zonesById = new HashMap<>();
    private final Map<String, ChangeInfo> changes = new HashMap<>();
    private final List<Batch> batches = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final java.util.Set<String> reportedInsync = new java.util.HashSet<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final Deque<Consumer<Route53Stub>> beforeChange = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private Duration propagationDelay = Duration.ofMillis(100);
    private TokenBucket bucket;
    private HttpServer server;
    private ExecutorService executor;

    public Route53Stub() {
        this(Clock.systemUTC());
    }

    public Route53Stub(Clock clock) {
        this.clock = clock;
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
        server.createContext("/", this::handle);
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
    public synchronized String createHostedZone(String name) {
        String zoneName = RecordSet.fqdn(name);
        String id = "Z" + Integer.toString(ids.incrementAndGet(), 36).toUpperCase(Locale.ROOT) + "STUB" + zonesById.size();
        Zone zone = new Zone(id, zoneName, new TreeMap<>());
        put(zone, new RecordSet(zoneName, "SOA", 900,
                List.of("ns-1.awsdns-stub.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")));
        put(zone, new RecordSet(zoneName, "NS", 172800, List.of("ns-1.awsdns-stub.org.", "ns-2.awsdns-stub.net.")));
        zonesById.put(id, zone);
        return id;
    }

    /** Puts a record set as if made outside envsaga (by hand, or by Terraform). */
    public synchronized void putRecord(String zoneName, RecordSet recordSet) {
        put(zone(zoneName), recordSet);
    }

    public synchronized Optional<RecordSet> record(String zoneName, String name, String type) {
        return Optional.ofNullable(zone(zoneName).records().get(key(RecordSet.fqdn(name), type.toUpperCase(Locale.ROOT))));
    }

    /** Every record set of the zone in Route 53's order. */
    public synchronized List<RecordSet> records(String zoneName) {
        return List.copyOf(zone(zoneName).records().values());
    }

    /** The accepted change batches, oldest first. */
    public synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    /** The change batches answered with InvalidChangeBatch, oldest first. */
    public synchronized List<Rejected> rejected() {
        return List.copyOf(rejected);
    }

    /** Whether GetChange has answered INSYNC for this change (its id with or without {@code /change/}). */
    public synchronized boolean reportedInsync(String changeId) {
        return reportedInsync.contains(changeId.replaceFirst("^/change/", ""));
    }

    /** Requests received for an action, throttled and failed ones included. */
    public int calls(String action) {
        AtomicInteger count = calls.get(action);
        return count == null ? 0 : count.get();
    }

    /** Requests received per action. */
    public Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((action, count) -> copy.put(action, count.get()));
        return copy;
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Requests answered with {@code Throttling} by the token bucket. */
    public int throttled() {
        return throttled.get();
    }

    public synchronized void resetCounts() {
        calls.clear();
        throttled.set(0);
        batches.clear();
        rejected.clear();
    }

    /** How long a change stays {@code PENDING} before {@code GetChange} answers {@code INSYNC}. */
    public synchronized Route53Stub propagationDelay(Duration delay) {
        this.propagationDelay = delay;
        return this;
    }

    /**
     * Limits the requests of the whole "account" with a token bucket of {@code burst} tokens
     * refilled at {@code perSecond}; a request finding it empty is answered {@code Throttling}.
     */
    public synchronized Route53Stub rateLimit(int burst, double perSecond) {
        this.bucket = new TokenBucket(burst, perSecond, clock);
        return this;
    }

    public synchronized Route53Stub noRateLimit() {
        this.bucket = null;
        return this;
    }

    /**
     * The next {@code times} requests for {@code action} are answered with the error {@code code}
     * (HTTP 400), e.g. {@code failNext("ChangeResourceRecordSets", "PriorRequestNotComplete", 2)}.
     */
    public synchronized Route53Stub failNext(String action, String code, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Fault(code, messageOf(code)));
        }
        return this;
    }

    /** Runs once, just before the next ChangeResourceRecordSets is applied (e.g. to race it by hand). */
    public synchronized Route53Stub beforeNextChange(Consumer<Route53Stub> action) {
        beforeChange.add(action);
        return this;
    }

    // --- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            Response response = route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
            byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(response.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private record Response(int status, String body) {
    }

    private Response route(String method, URI uri, byte[] body) {
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        Matcher m = null;
        String action;
        if ("GET".equals(method) && path.equals("/2013-04-01/hostedzonesbyname")) {
            action = LIST_HOSTED_ZONES_BY_NAME;
        } else if ("GET".equals(method) && (m = RRSET_PATH.matcher(path)).matches()) {
            action = LIST_RESOURCE_RECORD_SETS;
        } else if ("POST".equals(method) && (m = RRSET_PATH.matcher(path)).matches()) {
            action = CHANGE_RESOURCE_RECORD_SETS;
        } else if ("GET".equals(method) && (m = CHANGE_PATH.matcher(path)).matches()) {
            action = GET_CHANGE;
        } else if ("GET".equals(method) && (m = ZONE_PATH.matcher(path)).matches()) {
            action = GET_HOSTED_ZONE;
        } else {
            return error(404, "Sender", "UnknownOperationException", "no such operation: " + method + " " + path);
        }
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            if (bucket != null && !bucket.tryTake()) {
                throttled.incrementAndGet();
                return error(400, "Sender", "Throttling", "Rate exceeded");
            }
            Deque<Fault> injected = faults.get(action);
            if (injected != null && !injected.isEmpty()) {
                Fault fault = injected.poll();
                return error(400, "Sender", fault.code(), fault.message());
            }
        }
        return switch (action) {
            case LIST_HOSTED_ZONES_BY_NAME -> listHostedZonesByName(query);
            case LIST_RESOURCE_RECORD_SETS -> listResourceRecordSets(m.group(1), query);
            case CHANGE_RESOURCE_RECORD_SETS -> changeResourceRecordSets(m.group(1), body);
            case GET_CHANGE -> getChange(m.group(1));
            default -> getHostedZone(m.group(1));
        };
    }

    private synchronized Response listHostedZonesByName(Map<String, String> query) {
        int maxItems = clamp(query.get("maxitems"), 100, 100);
        String dnsName = query.get("dnsname");
        String from = dnsName == null ? "" : reversed(RecordSet.fqdn(dnsName));
        List<Zone> sorted = zonesById.values().stream()
                .sorted(java.util.Comparator.comparing((Zone z) -> reversed(z.name())).thenComparing(Zone::id))
                .filter(z -> reversed(z.name()).compareTo(from) >= 0)
                .toList();
        StringBuilder xml = start("ListHostedZonesByNameResponse").append("<HostedZones>");
        sorted.stream().limit(maxItems).forEach(zone -> appendZone(xml, zone));
        xml.append("</HostedZones>");
        if (dnsName != null) {
            element(xml, "DNSName", RecordSet.fqdn(dnsName));
        }
        boolean truncated = sorted.size() > maxItems;
        element(xml, "IsTruncated", Boolean.toString(truncated));
        if (truncated) {
            element(xml, "NextDNSName", sorted.get(maxItems).name());
            element(xml, "NextHostedZoneId", sorted.get(maxItems).id());
        }
        element(xml, "MaxItems", Integer.toString(maxItems));
        return ok(xml.append("</ListHostedZonesByNameResponse>"));
    }

    private synchronized Response getHostedZone(String id) {
        Zone zone = zonesById.get(id);
        if (zone == null) {
            return error(404, "Sender", "NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
        StringBuilder xml = start("GetHostedZoneResponse");
        appendZone(xml, zone);
        xml.append("<DelegationSet><NameServers><NameServer>ns-1.awsdns-stub.org</NameServer></NameServers></DelegationSet>");
        return ok(xml.append("</GetHostedZoneResponse>"));
    }

    private void appendZone(StringBuilder xml, Zone zone) {
        xml.append("<HostedZone>");
        element(xml, "Id", "/hostedzone/" + zone.id());
        element(xml, "Name", zone.name());
        element(xml, "CallerReference", "stub-" + zone.id());
        xml.append("<Config><PrivateZone>false</PrivateZone></Config>");
        element(xml, "ResourceRecordSetCount", Integer.toString(zone.records().size()));
        xml.append("</HostedZone>");
    }

    private synchronized Response listResourceRecordSets(String zoneId, Map<String, String> query) {
        Zone zone = zonesById.get(zoneId);
        if (zone == null) {
            return error(404, "Sender", "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId);
        }
        int maxItems = clamp(query.get("maxitems"), 300, 300);
        String startName = query.get("name");
        String startType = query.get("type");
        if (startType != null && startName == null) {
            return error(400, "Sender", "InvalidInput", "The input is not valid: a type requires a name");
        }
        String from = startName == null ? "" : key(RecordSet.fqdn(startName), startType == null ? "" : startType.toUpperCase(Locale.ROOT));
        List<RecordSet> page = new ArrayList<>();
        RecordSet next = null;
        for (Map.Entry<String, RecordSet> entry : zone.records().entrySet()) {
            if (entry.getKey().compareTo(from) < 0) {
                continue;
            }
            if (page.size() == maxItems) {
                next = entry.getValue();
                break;
            }
            page.add(entry.getValue());
        }
        StringBuilder xml = start("ListResourceRecordSetsResponse").append("<ResourceRecordSets>");
        page.forEach(recordSet -> appendRecordSet(xml, recordSet));
        xml.append("</ResourceRecordSets>");
        element(xml, "IsTruncated", Boolean.toString(next != null));
        if (next != null) {
            element(xml, "NextRecordName", next.name());
            element(xml, "NextRecordType", next.type());
        }
        element(xml, "MaxItems", Integer.toString(maxItems));
        return ok(xml.append("</ListResourceRecordSetsResponse>"));
    }

    private void appendRecordSet(StringBuilder xml, RecordSet recordSet) {
        xml.append("<ResourceRecordSet>");
        element(xml, "Name", recordSet.name());
        element(xml, "Type", recordSet.type());
        element(xml, "TTL", Long.toString(recordSet.ttl()));
        xml.append("<ResourceRecords>");
        recordSet.values().forEach(value -> element(xml.append("<ResourceRecord>"), "Value", value).append("</ResourceRecord>"));
        xml.append("</ResourceRecords></ResourceRecordSet>");
    }

    private Response changeResourceRecordSets(String zoneId, byte[] body) {
        List<Consumer<Route53Stub>> hooks;
        synchronized (this) {
            hooks = new ArrayList<>(beforeChange);
            beforeChange.clear();
        }
        hooks.forEach(hook -> hook.accept(this));
        synchronized (this) {
            Zone zone = zonesById.get(zoneId);
            if (zone == null) {
                return error(404, "Sender", "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId);
            }
            Route53ChangeRequest request;
            try {
                request = Route53ChangeRequest.parse(body);
            } catch (IllegalArgumentException e) {
                return error(400, "Sender", "InvalidInput", e.getMessage());
            }
            List<String> problems = new ArrayList<>();
            int records = 0;
            int characters = 0;
            for (Change change : request.changes()) {
                int weight = "UPSERT".equals(change.action()) ? 2 : 1;
                records += weight * change.recordSet().values().size();
                characters += weight * change.recordSet().valueCharacters();
            }
            if (request.changes().isEmpty()) {
                return error(400, "Sender", "InvalidInput", "1 validation error detected: Value at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            if (records > MAX_RECORDS_PER_BATCH) {
                problems.add("Number of records limit of " + MAX_RECORDS_PER_BATCH + " exceeded.");
            }
            if (characters > MAX_VALUE_CHARACTERS_PER_BATCH) {
                problems.add("Number of characters limit of " + MAX_VALUE_CHARACTERS_PER_BATCH + " exceeded.");
            }
            Map<String, RecordSet> working = new TreeMap<>(zone.records());
            java.util.Set<String> touched = new java.util.HashSet<>();
            for (Change change : request.changes()) {
                RecordSet rrset = change.recordSet();
                String key = key(rrset.name(), rrset.type());
                String described = "[name='" + rrset.name() + "', type='" + rrset.type() + "']";
                if (!touched.add(key)) {
                    problems.add("The request contains an invalid set of changes for a resource record set '" + rrset.type() + " " + rrset.name() + "'");
                    continue;
                }
                if (!rrset.name().equals(zone.name()) && !rrset.name().endsWith("." + zone.name())) {
                    problems.add("RRSet with DNS name " + rrset.name() + " is not permitted in zone " + zone.name());
                    continue;
                }
                String invalid = invalidValue(rrset);
                if (invalid != null) {
                    problems.add(invalid);
                    continue;
                }
                RecordSet existing = working.get(key);
                switch (change.action()) {
                    case "CREATE" -> {
                        if (existing != null) {
                            problems.add("Tried to create resource record set " + described + " but it already exists");
                        } else if (conflictsWithCname(working, rrset)) {
                            problems.add("RRSet of type " + rrset.type() + " with DNS name " + rrset.name()
                                    + " is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone " + zone.name());
                        } else {
                            working.put(key, rrset);
                        }
                    }
                    case "UPSERT" -> {
                        if (existing == null && conflictsWithCname(working, rrset)) {
                            problems.add("RRSet of type " + rrset.type() + " with DNS name " + rrset.name()
                                    + " is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone " + zone.name());
                        } else {
                            working.put(key, rrset);
                        }
                    }
                    case "DELETE" -> {
                        if (existing == null) {
                            problems.add("Tried to delete resource record set " + described + " but it was not found");
                        } else if (existing.ttl() != rrset.ttl() || !new java.util.HashSet<>(existing.values()).equals(new java.util.HashSet<>(rrset.values()))) {
                            problems.add("Tried to delete resource record set " + described + " but the values provided do not match the current values");
                        } else {
                            working.remove(key);
                        }
                    }
                    default -> problems.add("Invalid action " + change.action());
                }
            }
            if (!problems.isEmpty()) {
                rejected.add(new Rejected(zone.name(), request.changes(), "[" + String.join(", ", problems) + "]"));
                return error(400, "Sender", "InvalidChangeBatch", "[" + String.join(", ", problems) + "]");
            }
            zone.records().clear();
            zone.records().putAll(working);
            ChangeInfo info = new ChangeInfo("C" + Integer.toString(ids.incrementAndGet(), 36).toUpperCase(Locale.ROOT) + "STUB",
                    clock.instant(), request.comment());
            changes.put(info.id(), info);
            batches.add(new Batch(info.id(), zone.name(), request.comment(), request.changes()));
            StringBuilder xml = start("ChangeResourceRecordSetsResponse");
            appendChangeInfo(xml, info, "PENDING");
            return ok(xml.append("</ChangeResourceRecordSetsResponse>"));
        }
    }

    private synchronized Response getChange(String id) {
        ChangeInfo info = changes.get(id);
        if (info == null) {
            return error(404, "Sender", "NoSuchChange", "A change with the specified change ID does not exist: " + id);
        }
        boolean insync = !clock.instant().isBefore(info.submittedAt().plus(propagationDelay));
        if (insync) {
            reportedInsync.add(id);
        }
        StringBuilder xml = start("GetChangeResponse");
        appendChangeInfo(xml, info, insync ? "INSYNC" : "PENDING");
        return ok(xml.append("</GetChangeResponse>"));
    }

    private void appendChangeInfo(StringBuilder xml, ChangeInfo info, String status) {
        xml.append("<ChangeInfo>");
        element(xml, "Id", "/change/" + info.id());
        element(xml, "Status", status);
        element(xml, "SubmittedAt", info.submittedAt().toString());
        if (info.comment() != null) {
            element(xml, "Comment", info.comment());
        }
        xml.append("</ChangeInfo>");
    }

    private static boolean conflictsWithCname(Map<String, RecordSet> records, RecordSet rrset) {
        if ("CNAME".equals(rrset.type())) {
            return records.values().stream().anyMatch(r -> r.name().equals(rrset.name()));
        }
        return records.containsKey(key(rrset.name(), "CNAME"));
    }

    private static String invalidValue(RecordSet rrset) {
        if (rrset.values().isEmpty()) {
            return "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=?, Name=" + rrset.name() + ", Type=" + rrset.type() + "]";
        }
        for (String value : rrset.values()) {
            if ("A".equals(rrset.type()) && !IPV4.matcher(value).matches()) {
                return "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '" + value + "''";
            }
            if ("TXT".equals(rrset.type()) && !(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))) {
                return "Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with '" + value + "''";
            }
        }
        return null;
    }

    // --- helpers

    private void put(Zone zone, RecordSet recordSet) {
        zone.records().put(key(recordSet.name(), recordSet.type()), recordSet);
    }

    private synchronized Zone zone(String zoneName) {
        String name = RecordSet.fqdn(zoneName);
        return zonesById.values().stream().filter(z -> z.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no hosted zone " + name));
    }

    /** Route 53 lists record sets by name with the labels reversed (com.codedang.stage), then by type. */
    private static String key(String fqdn, String type) {
        return reversed(fqdn) + " " + type;
    }

    private static String reversed(String fqdn) {
        String[] labels = fqdn.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]).append(i > 0 ? "." : "");
        }
        return out.toString();
    }

    private static String messageOf(String code) {
        return switch (code) {
            case "Throttling" -> "Rate exceeded";
            case "PriorRequestNotComplete" -> "The request was rejected because Route 53 was still processing a prior request.";
            default -> code;
        };
    }

    private static int clamp(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            return Math.max(1, Math.min(max, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static StringBuilder start(String root) {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
    }

    private static StringBuilder element(StringBuilder xml, String name, String text) {
        return xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Response ok(StringBuilder xml) {
        return new Response(200, xml.toString());
    }

    /** Route 53's error document: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    private static Response error(int status, String type, String code, String message) {
        StringBuilder xml = start("ErrorResponse").append("<Error>");
        element(xml, "Type", type);
        element(xml, "Code", code);
        element(xml, "Message", message);
        xml.append("</Error>");
        element(xml, "RequestId", java.util.UUID.randomUUID().toString());
        return new Response(status, xml.append("</ErrorResponse>").toString());
    }

    /** Route 53's account limit: a bucket of {@code burst} tokens refilled continuously. */
    private static final class TokenBucket {
        private final int burst;
        private final double perSecond;
        private final Clock clock;
        private double tokens;
        private Instant last;

        TokenBucket(int burst, double perSecond, Clock clock) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.clock = clock;
            this.tokens = burst;
            this.last = clock.instant();
        }

        boolean tryTake() {
            Instant now = clock.instant();
            tokens = Math.min(burst, tokens + Duration.between(last, now).toNanos() / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
