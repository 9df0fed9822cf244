package io.envsaga.simulation.route53;

import java.util.UUID;

/** A response of the stub: its HTTP status and Route 53's XML; and the few ways of writing that XML. */
record XmlResponse(int status, String body) {

    /** A document's opening: the XML declaration and {@code root} in Route 53's namespace. */
    static StringBuilder start(String root) {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" xmlns=\"")
                .append(Route53Stub.NAMESPACE).append("\">");
    }

    static StringBuilder element(StringBuilder xml, String name, String text) {
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

    static XmlResponse ok(StringBuilder xml) {
        return new XmlResponse(200, xml.toString());
    }

    /** Route 53's error document: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    static XmlResponse error(int status, String type, String code, String message) {
        StringBuilder xml = start("ErrorResponse").append("<Error>");
        element(xml, "Type", type);
        element(xml, "Code", code);
        element(xml, "Message", message);
        xml.append("</Error>");
        element(xml, "RequestId", UUID.randomUUID().toString());
        return new XmlResponse(status, xml.append("</ErrorResponse>").toString());
    }

    /** What every action answers for a zone id it does not know. */
    static XmlResponse noSuchHostedZone(String id) {
        return error(404, "Sender", "NoSuchHostedZone", "No hosted zone found with ID: " + id);
    }
}
