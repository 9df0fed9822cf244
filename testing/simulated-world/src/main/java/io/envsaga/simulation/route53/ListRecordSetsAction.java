package io.envsaga.simulation.route53;

import static io.envsaga.simulation.route53.XmlResponse.element;
import static io.envsaga.simulation.route53.XmlResponse.ok;
import static io.envsaga.simulation.route53.XmlResponse.start;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ListResourceRecordSets}: a zone's record sets in Route 53's order, 300 a page at most,
 * from the {@code name} (and {@code type}) of the previous page's {@code NextRecordName}.
 */
final class ListRecordSetsAction {

    private static final int MAX_ITEMS = 300;

    private final HostedZones zones;

    ListRecordSetsAction(HostedZones zones) {
        this.zones = zones;
    }

    XmlResponse list(String zoneId, Query query) {
        int maxItems = query.maxItems(MAX_ITEMS);
        String startName = query.get("name");
        String startType = query.get("type");
        List<RecordSet> page = new ArrayList<>();
        RecordSet next = null;
        synchronized (zones) {
            HostedZones.Zone zone = zones.byId(zoneId).orElse(null);
            if (zone == null) {
                return XmlResponse.noSuchHostedZone(zoneId);
            }
            if (startType != null && startName == null) {
                return XmlResponse.error(400, "Sender", "InvalidInput", "The input is not valid: a type requires a name");
            }
            String from = startName == null ? ""
                    : HostedZones.key(RecordSet.fqdn(startName), startType == null ? "" : startType.toUpperCase(Locale.ROOT));
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

    private static void appendRecordSet(StringBuilder xml, RecordSet recordSet) {
        xml.append("<ResourceRecordSet>");
        element(xml, "Name", recordSet.name());
        element(xml, "Type", recordSet.type());
        element(xml, "TTL", Long.toString(recordSet.ttl()));
        xml.append("<ResourceRecords>");
        recordSet.values().forEach(value -> element(xml.append("<ResourceRecord>"), "Value", value).append("</ResourceRecord>"));
        xml.append("</ResourceRecords></ResourceRecordSet>");
    }
}
