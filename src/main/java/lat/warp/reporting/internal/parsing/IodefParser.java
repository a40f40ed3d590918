package lat.warp.reporting.internal.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * IODEF 2.0 (RFC 7970, {@value #NS_2}) and 1.0 (RFC 5070, {@value #NS_1}), read through {@link SafeXml}.
 *
 * <p>From the first {@code Incident}: {@code IncidentID} (the external id), {@code DetectTime}, else
 * {@code StartTime}, else {@code ReportTime} (when it happened), the first {@code Description} (subject
 * and text), the creator's or else the first {@code Contact}'s name and e-mail address (the reporter),
 * {@code Assessment/Impact} (1.0) or {@code Assessment/SystemImpact} (2.0) type, or WARP's own
 * {@code AdditionalData meaning="classification.type"} (the RSIT hint), and the {@code restriction}
 * (TLP). From every incident: each {@code Address} ({@code ipv4-addr}, {@code ipv6-addr},
 * {@code ipv4-net}, {@code ipv6-net}, {@code ipv4-net-mask}, {@code e-mail}, {@code site-uri}), each
 * {@code NodeName} and {@code DomainData/Name}, each {@code URL}, and each {@code EmailData/EmailFrom};
 * not inside {@code Contact}, {@code Method}, {@code RelatedActivity}, {@code History}, {@code Discovery}
 * (references, not hosts), nor in a {@code System} whose category is {@code target} or {@code sensor}
 * (the victim and the reporter's own sensor are not whom WARP warns).
 */
final class IodefParser {

    static final String NS_1 = "urn:ietf:params:xml:ns:iodef-1.0";
    static final String NS_2 = "urn:ietf:params:xml:ns:iodef-2.0";

    /** WARP writes the RSIT type here, and reads it back first. */
    static final String CLASSIFICATION_MEANING = "classification.type";

    /** Not about the incident's own hosts: the contacts, references, related incidents, history. */
    private static final Set<String> SKIPPED = Set.of("Contact", "Method", "RelatedActivity", "History",
            "Discovery", "AlternativeID");
    /** The victim's and the reporter's own systems, which WARP does not warn. */
    private static final Set<String> SKIPPED_SYSTEMS = Set.of("target", "sensor");

    private IodefParser() {
    }

    static ParsedReport parse(byte[] raw, ParseLimits limits) {
        ReportBuilder b = new ReportBuilder(ReportFormat.IODEF, limits);
        Document document;
        try {
            document = SafeXml.parse(raw);
        } catch (SafeXml.RefusedXml e) {
            b.problem(e.getMessage());
            return b.build();
        }
        Element root = document.getDocumentElement();
        if (root == null || !"IODEF-Document".equals(root.getLocalName())) {
            b.problem("The XML is not an IODEF document (its root element is '"
                    + (root == null ? "" : ReportBuilder.shorten(String.valueOf(root.getLocalName()))) + "').");
            return b.build();
        }
        String ns = root.getNamespaceURI();
        if (!NS_1.equals(ns) && !NS_2.equals(ns)) {
            b.problem("The IODEF document's namespace is '" + ReportBuilder.shorten(String.valueOf(ns))
                    + "', neither IODEF 1.0's nor 2.0's; it was read as best it could be.");
        }
        List<Element> incidents = children(root, "Incident");
        if (incidents.isEmpty()) {
            b.problem("The IODEF document has no Incident.");
            return b.build();
        }
        if (incidents.size() > 1) {
            b.problem("The IODEF document has " + incidents.size()
                    + " incidents; the first gave the summary, all gave indicators.");
        }
        Element first = incidents.getFirst();
        readSummary(first, root, b);
        for (Element incident : incidents) {
            indicators(incident, b);
        }
        return b.build();
    }

    private static void readSummary(Element incident, Element root, ReportBuilder b) {
        Element id = child(incident, "IncidentID");
        if (id != null) {
            String name = id.getAttribute("name");
            String value = id.getTextContent().strip();
            b.externalId = value.isEmpty() ? null : ReportBuilder.oneLine(name.isBlank() ? value : name + ":" + value);
        } else {
            b.problem("The IODEF incident has no IncidentID.");
        }
        for (String time : List.of("DetectTime", "StartTime", "ReportTime")) {
            Element e = child(incident, time);
            if (e != null) {
                b.occurredAt = Dates.parse(e.getTextContent());
                if (b.occurredAt == null) {
                    b.problem("The IODEF " + time + " '" + ReportBuilder.shorten(e.getTextContent())
                            + "' is not a date.");
                }
                break;
            }
        }
        List<Element> descriptions = children(incident, "Description");
        for (Element d : descriptions) {
            b.text(d.getTextContent().strip() + "\n");
        }
        if (!descriptions.isEmpty()) {
            b.subject(descriptions.getFirst().getTextContent());
        }
        contact(incident, b);
        classification(incident, b);
        String restriction = incident.getAttribute("restriction");
        if (restriction.isBlank()) {
            restriction = root.getAttribute("restriction");
        }
        b.tlp = tlp(restriction);
    }

    private static void contact(Element incident, ReportBuilder b) {
        List<Element> contacts = children(incident, "Contact");
        Element chosen = null;
        for (Element c : contacts) {
            if (c.getAttribute("role").equals("creator")) {
                chosen = c;
                break;
            }
        }
        if (chosen == null && !contacts.isEmpty()) {
            chosen = contacts.getFirst();
        }
        if (chosen == null) {
            return;
        }
        Element name = child(chosen, "ContactName");
        if (name != null && !name.getTextContent().isBlank()) {
            b.reporterName = ReportBuilder.oneLine(name.getTextContent());
        }
        for (Element email : descendants(chosen, "Email")) {
            // 1.0: <Email>a@b</Email>; 2.0: <Email><EmailTo>a@b</EmailTo></Email>
            List<Indicator> found = IndicatorExtractor.classify(email.getTextContent());
            if (found.size() == 1 && found.getFirst().kind() == IndicatorKind.EMAIL) {
                b.reporterEmail = found.getFirst().value();
                return;
            }
        }
    }

    private static void classification(Element incident, ReportBuilder b) {
        for (Element data : children(incident, "AdditionalData")) {
            if (CLASSIFICATION_MEANING.equals(data.getAttribute("meaning"))) {
                String type = RsitMapping.rsit(data.getTextContent());
                if (type != null) {
                    b.classificationHint = type;
                    return;
                }
            }
        }
        for (Element assessment : children(incident, "Assessment")) {
            for (String impact : List.of("Impact", "SystemImpact")) {
                for (Element e : children(assessment, impact)) {
                    String type = e.getAttribute("type");
                    if (type.equals("ext-value")) {
                        type = e.getAttribute("ext-type");
                    }
                    String mapped = RsitMapping.iodef(type);
                    if (mapped != null && !(mapped.equals("undetermined") && b.classificationHint != null)) {
                        b.classificationHint = mapped;
                        if (!mapped.equals("undetermined")) {
                            return;
                        }
                    }
                }
            }
        }
    }

    private static void indicators(Element incident, ReportBuilder b) {
        List<Element> stack = new ArrayList<>();
        stack.add(incident);
        int visited = 0;
        while (!stack.isEmpty() && visited++ < 100_000) {
            Element e = stack.removeLast();
            String name = e.getLocalName();
            if (name == null || SKIPPED.contains(name) || ("System".equals(name)
                    && SKIPPED_SYSTEMS.contains(e.getAttribute("category")))) {
                continue;
            }
            switch (name) {
                case "Address" -> address(e, b);
                case "NodeName", "URL", "EmailFrom" -> b.explicitIndicator(e.getTextContent(), "IODEF " + name);
                case "Name" -> {
                    if (e.getParentNode() instanceof Element parent && "DomainData".equals(parent.getLocalName())) {
                        b.explicitIndicator(e.getTextContent(), "IODEF DomainData/Name");
                    }
                }
                default -> {
                }
            }
            List<Element> kids = new ArrayList<>();
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    kids.add(child);
                }
            }
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
    }

    private static void address(Element e, ReportBuilder b) {
        String category = e.getAttribute("category");
        if (category.isBlank()) {
            category = "ipv4-addr"; // RFC 5070's and 7970's default
        }
        String value = e.getTextContent().strip();
        switch (category) {
            case "ipv4-addr", "ipv6-addr", "ipv4-net", "ipv6-net", "ipv4-net-masked", "ipv6-net-masked", "e-mail",
                    "site-uri" -> b.explicitIndicator(value, "IODEF Address (" + category + ")");
            case "ipv4-net-mask", "ipv6-net-mask" -> {
                // "192.0.2.0/255.255.255.0" or "192.0.2.0 255.255.255.0": the network address is enough.
                String network = value.split("[/\\s]", 2)[0];
                b.explicitIndicator(network, "IODEF Address (" + category + ")");
            }
            default -> {
                // asn, atm, mac, ext-value: nothing WARP can attribute
            }
        }
    }

    /** IODEF's restriction (2.0 adds the TLP colours) as TLP. */
    static @Nullable Tlp tlp(@Nullable String restriction) {
        if (restriction == null) {
            return null;
        }
        return switch (restriction.strip().toLowerCase(Locale.ROOT)) {
            case "public", "white", "clear" -> Tlp.CLEAR;
            case "green" -> Tlp.GREEN;
            case "amber", "need-to-know" -> Tlp.AMBER;
            case "private" -> Tlp.AMBER_STRICT;
            case "red" -> Tlp.RED;
            default -> null;
        };
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static @Nullable Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> descendants(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        var list = parent.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < list.getLength() && i < 100; i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }
}
