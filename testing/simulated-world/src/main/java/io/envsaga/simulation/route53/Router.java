package io.envsaga.simulation.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stub's HTTP side: finds the action of a request by method and path, lets {@link Admission}
 * count it (and throttle or fail it), then runs the action and writes its XML.
 */
final class Router implements HttpHandler {

    private static final String ZONES_BY_NAME_PATH = "/2013-04-01/hostedzonesbyname";
    private static final Pattern ZONE_PATH = Pattern.compile("^/2013-04-01/hostedzone/(?:hostedzone/)?([A-Za-z0-9]+)$");
    private static final Pattern RRSET_PATH = Pattern.compile("^/2013-04-01/hostedzone/(?:hostedzone/)?([A-Za-z0-9]+)/rrset/?$");
    private static final Pattern CHANGE_PATH = Pattern.compile("^/2013-04-01/change/(?:change/)?([A-Za-z0-9]+)$");

    private final Admission admission;
    private final HostedZoneActions hostedZones;
    private final ListRecordSetsAction listRecordSets;
    private final ChangeRecordSetsAction changeRecordSets;
    private final GetChangeAction getChange;

    Router(Admission admission, HostedZoneActions hostedZones, ListRecordSetsAction listRecordSets,
           ChangeRecordSetsAction changeRecordSets, GetChangeAction getChange) {
        this.admission = admission;
        this.hostedZones = hostedZones;
        this.listRecordSets = listRecordSets;
        this.changeRecordSets = changeRecordSets;
        this.getChange = getChange;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            XmlResponse response = route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private XmlResponse route(String method, URI uri, byte[] body) {
        String path = uri.getRawPath();
        Query query = Query.parse(uri.getRawQuery());
        boolean get = "GET".equals(method);
        Matcher rrset = RRSET_PATH.matcher(path);
        Matcher change = CHANGE_PATH.matcher(path);
        Matcher zone = ZONE_PATH.matcher(path);
        if (get && path.equals(ZONES_BY_NAME_PATH)) {
            return admitted(Route53Stub.LIST_HOSTED_ZONES_BY_NAME, () -> hostedZones.listByName(query));
        } else if (get && rrset.matches()) {
            return admitted(Route53Stub.LIST_RESOURCE_RECORD_SETS, () -> listRecordSets.list(rrset.group(1), query));
        } else if ("POST".equals(method) && rrset.matches()) {
            return admitted(Route53Stub.CHANGE_RESOURCE_RECORD_SETS, () -> changeRecordSets.change(rrset.group(1), body));
        } else if (get && change.matches()) {
            return admitted(Route53Stub.GET_CHANGE, () -> getChange.get(change.group(1)));
        } else if (get && zone.matches()) {
            return admitted(Route53Stub.GET_HOSTED_ZONE, () -> hostedZones.get(zone.group(1)));
        }
        return XmlResponse.error(404, "Sender", "UnknownOperationException", "no such operation: " + method + " " + path);
    }

    private XmlResponse admitted(String action, Supplier<XmlResponse> handler) {
        return admission.admit(action).orElseGet(handler);
    }
}
