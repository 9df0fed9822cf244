package io.envsaga.simulation.route53;

import static io.envsaga.simulation.route53.XmlResponse.element;
import static io.envsaga.simulation.route53.XmlResponse.ok;
import static io.envsaga.simulation.route53.XmlResponse.start;

import java.util.List;

/** {@code ListHostedZonesByName} and {@code GetHostedZone}: every zone is public, with one name server. */
final class HostedZoneActions {

    private static final int MAX_ITEMS = 100;

    private final HostedZones zones;

    HostedZoneActions(HostedZones zones) {
        this.zones = zones;
    }

    /** The zones from {@code dnsname} on, in Route 53's order, a page at a time. */
    XmlResponse listByName(Query query) {
        int maxItems = query.maxItems(MAX_ITEMS);
        String dnsName = query.get("dnsname");
        String from = dnsName == null ? "" : HostedZones.reversed(RecordSet.fqdn(dnsName));
        StringBuilder xml = start("ListHostedZonesByNameResponse").append("<HostedZones>");
        synchronized (zones) {
            List<HostedZones.Zone> sorted = zones.sorted().stream().filter(z -> HostedZones.reversed(z.name()).compareTo(from) >= 0).toList();
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
        }
        element(xml, "MaxItems", Integer.toString(maxItems));
        return ok(xml.append("</ListHostedZonesByNameResponse>"));
    }

    XmlResponse get(String id) {
        synchronized (zones) {
            return zones.byId(id).map(zone -> {
                StringBuilder xml = start("GetHostedZoneResponse");
                appendZone(xml, zone);
                xml.append("<DelegationSet><NameServers><NameServer>ns-1.awsdns-stub.org</NameServer></NameServers></DelegationSet>");
                return ok(xml.append("</GetHostedZoneResponse>"));
            }).orElseGet(() -> XmlResponse.noSuchHostedZone(id));
        }
    }

    /** Reads the zone's record count: under the zones' monitor. */
    private static void appendZone(StringBuilder xml, HostedZones.Zone zone) {
        xml.append("<HostedZone>");
        element(xml, "Id", "/hostedzone/" + zone.id());
        element(xml, "Name", zone.name());
        element(xml, "CallerReference", "stub-" + zone.id());
        xml.append("<Config><PrivateZone>false</PrivateZone></Config>");
        element(xml, "ResourceRecordSetCount", Integer.toString(zone.records().size()));
        xml.append("</HostedZone>");
    }
}
