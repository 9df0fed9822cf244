package io.envsaga.simulation.route53;

import java.time.Instant;

/** An accepted change batch as ChangeResourceRecordSets and GetChange describe it. */
record ChangeInfo(String id, Instant submittedAt, String comment) {

    /** {@code <ChangeInfo>} with the given status, {@code PENDING} or {@code INSYNC}. */
    StringBuilder appendTo(StringBuilder xml, String status) {
        xml.append("<ChangeInfo>");
        XmlResponse.element(xml, "Id", "/change/" + id);
        XmlResponse.element(xml, "Status", status);
        XmlResponse.element(xml, "SubmittedAt", submittedAt.toString());
        if (comment != null) {
            XmlResponse.element(xml, "Comment", comment);
        }
        return xml.append("</ChangeInfo>");
    }
}
