package lat.warp.reporting.internal;

import java.time.format.DateTimeFormatter;
import lat.warp.reporting.IncidentDetail;
import lat.warp.reporting.ReportIndicator;

/**
 * Writes an incident as IODEF 2.0 (RFC 7970). A small writer of our own until the parsers' IodefWriter
 * is merged; the one place reporting produces IODEF.
 */
public final class IodefExport {

    private IodefExport() {
    }

    public static String write(IncidentDetail detail) {
        var i = detail.incident();
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<IODEF-Document version=\"2.00\" xml:lang=\"en\" xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\">\n");
        x.append("  <Incident purpose=\"reporting\" restriction=\"").append(restriction(i.tlp())).append("\">\n");
        x.append("    <IncidentID name=\"warp\">").append(esc(i.number())).append("</IncidentID>\n");
        x.append("    <ReportTime>").append(DateTimeFormatter.ISO_INSTANT.format(i.updatedAt())).append("</ReportTime>\n");
        x.append("    <GenerationTime>").append(DateTimeFormatter.ISO_INSTANT.format(i.createdAt()))
                .append("</GenerationTime>\n");
        x.append("    <Description>").append(esc(i.title())).append("</Description>\n");
        if (i.classificationType() != null) {
            x.append("    <Assessment><Impact type=\"ext-value\" ext-type=\"rsit\">")
                    .append(esc(i.classificationTaxonomy() + ":" + i.classificationType()))
                    .append("</Impact></Assessment>\n");
        }
        x.append("    <Contact role=\"creator\" type=\"organization\"><ContactName>WARP</ContactName></Contact>\n");
        boolean any = false;
        for (ReportIndicator ind : detail.indicators()) {
            if (!any) {
                x.append("    <EventData><Flow><System category=\"source\"><Node>\n");
                any = true;
            }
            switch (ind.kind()) {
                case "IP" -> x.append("      <Address category=\"").append(ind.value().contains(":") ? "ipv6-addr"
                        : "ipv4-addr").append("\">").append(esc(ind.value())).append("</Address>\n");
                case "HOSTNAME" -> x.append("      <DomainData><Name>").append(esc(ind.value()))
                        .append("</Name></DomainData>\n");
                case "URL" -> x.append("      <Location>").append(esc(ind.value())).append("</Location>\n");
                default -> x.append("      <Address category=\"e-mail\">").append(esc(ind.value()))
                        .append("</Address>\n");
            }
        }
        if (any) {
            x.append("    </Node></System></Flow></EventData>\n");
        }
        x.append("  </Incident>\n</IODEF-Document>\n");
        return x.toString();
    }

    private static String restriction(lat.warp.events.Tlp tlp) {
        return switch (tlp) {
            case CLEAR -> "clear";
            case GREEN -> "green";
            case AMBER -> "amber";
            case AMBER_STRICT -> "amber-strict";
            case RED -> "red";
        };
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
