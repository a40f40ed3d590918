package lat.warp.reporting.internal.parsing;

import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * Writes an incident as an IODEF 2.0 document (RFC 7970), for CSIRTs that take IODEF. The elements follow
 * the schema's order: {@code IncidentID}, {@code DetectTime}, {@code ReportTime}, {@code GenerationTime},
 * {@code Description}, {@code Assessment/SystemImpact}, the creator {@code Contact}, one {@code EventData/Flow}
 * with a source {@code System} per indicator, and the RSIT type as {@code AdditionalData} with
 * {@code meaning="classification.type"} (which {@link IodefParser} reads back). Text is escaped by the
 * StAX writer, so no value can break out of its element.
 */
public final class IodefWriter {

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private IodefWriter() {
    }

    /** The document, generated now. */
    public static String write(IodefIncident incident) {
        return write(incident, Instant.now());
    }

    /** The document, with {@code GenerationTime} the given instant. */
    public static String write(IodefIncident incident, Instant generatedAt) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = OUTPUT.createXMLStreamWriter(out);
            Indenting w = new Indenting(x);
            x.writeStartDocument("UTF-8", "1.0");
            w.start("IODEF-Document");
            x.writeDefaultNamespace(IodefParser.NS_2);
            x.writeAttribute("version", "2.00");
            x.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en");
            w.start("Incident");
            x.writeAttribute("purpose", "reporting");
            x.writeAttribute("restriction", restriction(incident.tlp()));
            w.start("IncidentID");
            x.writeAttribute("name", incident.issuer());
            w.text(incident.number());
            if (incident.detectTime() != null) {
                w.element("DetectTime", time(incident.detectTime()));
            }
            w.element("ReportTime", time(incident.reportTime()));
            w.element("GenerationTime", time(generatedAt));
            w.element("Description", incident.description());
            w.start("Assessment");
            w.empty("SystemImpact");
            x.writeAttribute("severity", severity(incident.severity()));
            x.writeAttribute("type", impactType(incident.classificationType()));
            w.end();
            w.end();
            w.start("Contact");
            x.writeAttribute("role", "creator");
            x.writeAttribute("type", "organization");
            w.element("ContactName", incident.issuer());
            w.start("Email");
            w.element("EmailTo", incident.contactEmail());
            w.end();
            w.end();
            if (!incident.indicators().isEmpty()) {
                w.start("EventData");
                w.start("Flow");
                for (Indicator indicator : incident.indicators()) {
                    system(w, x, indicator);
                }
                w.end();
                w.end();
            }
            if (incident.classificationType() != null) {
                w.start("AdditionalData");
                x.writeAttribute("dtype", "string");
                x.writeAttribute("meaning", IodefParser.CLASSIFICATION_MEANING);
                w.text(incident.classificationType());
            }
            w.end();
            w.end();
            x.writeEndDocument();
            x.writeCharacters("\n");
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing IODEF to a string failed", e);
        }
        return out.toString();
    }

    private static void system(Indenting w, XMLStreamWriter x, Indicator indicator) throws XMLStreamException {
        w.start("System");
        x.writeAttribute("category", "source");
        w.start("Node");
        switch (indicator.kind()) {
            case HOSTNAME -> {
                w.start("DomainData");
                x.writeAttribute("system-status", "unknown");
                x.writeAttribute("domain-status", "unknown");
                w.element("Name", indicator.value());
                w.end();
            }
            case IP -> address(w, x, indicator.value().indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr", indicator.value());
            case URL -> address(w, x, "site-uri", indicator.value());
            case EMAIL -> address(w, x, "e-mail", indicator.value());
        }
        w.end();
        w.end();
    }

    private static void address(Indenting w, XMLStreamWriter x, String category, String value)
            throws XMLStreamException {
        w.start("Address");
        x.writeAttribute("category", category);
        w.text(value);
    }

    static String restriction(Tlp tlp) {
        return switch (tlp) {
            case CLEAR -> "white";
            case GREEN -> "green";
            case AMBER -> "amber";
            case AMBER_STRICT -> "private";
            case RED -> "red";
        };
    }

    static String severity(String severity) {
        return switch (severity.strip().toUpperCase(Locale.ROOT)) {
            case "LOW" -> "low";
            case "MEDIUM" -> "medium";
            default -> "high";
        };
    }

    /** The closest RFC 7970 SystemImpact type; the exact RSIT type travels in AdditionalData. */
    static String impactType(@Nullable String rsitType) {
        if (rsitType == null) {
            return "unknown";
        }
        return switch (rsitType) {
            case "phishing", "masquerade" -> "social-engineering";
            case "ddos", "dos", "outage", "sabotage" -> "availability-service";
            case "system-compromise", "application-compromise", "burglary" -> "takeover-system";
            case "data-leak", "unauthorised-information-access" -> "breach-proprietary";
            case "unauthorised-information-modification" -> "integrity-data";
            default -> "unknown";
        };
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Writes elements one per line, indented by depth, text elements on one line. */
    private static final class Indenting {
        private final XMLStreamWriter x;
        private int depth;
        private boolean textOnly;

        Indenting(XMLStreamWriter x) {
            this.x = x;
        }

        void start(String name) throws XMLStreamException {
            newline();
            x.writeStartElement(name);
            depth++;
            textOnly = false;
        }

        void empty(String name) throws XMLStreamException {
            newline();
            x.writeStartElement(name);
            depth++;
            textOnly = true;
        }

        /** Text of the element just started, which this closes. */
        void text(String text) throws XMLStreamException {
            x.writeCharacters(clean(text));
            x.writeEndElement();
            depth--;
            textOnly = false;
        }

        void element(String name, String text) throws XMLStreamException {
            start(name);
            text(text);
        }

        void end() throws XMLStreamException {
            depth--;
            if (!textOnly) {
                newline();
            }
            textOnly = false;
            x.writeEndElement();
        }

        private void newline() throws XMLStreamException {
            x.writeCharacters("\n" + "  ".repeat(depth));
        }

        /** XML 1.0 cannot carry most control characters, even escaped: they are dropped. */
        private static String clean(String s) {
            StringBuilder b = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
                if (!allowed) {
                    if (b == null) {
                        b = new StringBuilder(s.substring(0, i));
                    }
                } else if (b != null) {
                    b.append(c);
                }
            }
            return b == null ? s : b.toString();
        }
    }
}
