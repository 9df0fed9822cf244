package io.envsaga.simulation.route53;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The body of a ChangeResourceRecordSets request, {@code <ChangeResourceRecordSetsRequest><ChangeBatch>…}. */
record Route53ChangeRequest(String comment, List<Route53Stub.Change> changes) {

    static Route53ChangeRequest parse(byte[] body) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new IllegalArgumentException("the request body is not well-formed XML: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!"ChangeResourceRecordSetsRequest".equals(root.getNodeName())) {
            throw new IllegalArgumentException("expected ChangeResourceRecordSetsRequest, got " + root.getNodeName());
        }
        Element batch = child(root, "ChangeBatch");
        if (batch == null) {
            throw new IllegalArgumentException("ChangeBatch is required");
        }
        Element comment = child(batch, "Comment");
        List<Route53Stub.Change> changes = new ArrayList<>();
        Element changesElement = child(batch, "Changes");
        for (Element change : changesElement == null ? List.<Element>of() : children(changesElement, "Change")) {
            String action = text(child(change, "Action"));
            Element rrset = child(change, "ResourceRecordSet");
            if (action == null || rrset == null) {
                throw new IllegalArgumentException("a Change needs an Action and a ResourceRecordSet");
            }
            String name = text(child(rrset, "Name"));
            String type = text(child(rrset, "Type"));
            String ttl = text(child(rrset, "TTL"));
            if (name == null || type == null) {
                throw new IllegalArgumentException("a ResourceRecordSet needs a Name and a Type");
            }
            List<String> values = new ArrayList<>();
            Element records = child(rrset, "ResourceRecords");
            if (records != null) {
                for (Element record : children(records, "ResourceRecord")) {
                    values.add(text(child(record, "Value")));
                }
            }
            long seconds;
            try {
                seconds = ttl == null ? 0 : Long.parseLong(ttl);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TTL '" + ttl + "' is not a number");
            }
            changes.add(new Route53Stub.Change(action, new RecordSet(name, type, seconds, values)));
        }
        return new Route53ChangeRequest(comment == null ? null : text(comment), changes);
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getNodeName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }
}
