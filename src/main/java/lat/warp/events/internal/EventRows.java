package lat.warp.events.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How an {@link Event} maps onto the events table: COPY text one way, a result row the other. */
public final class EventRows {

    /** The stored columns but {@code id}, in the order {@link #appendCopy} writes them. */
    public static final String COLUMNS = "day, job_id, dedup_key, holder_id, time_source, time_observation, "
            + "classification_taxonomy, classification_type, classification_identifier, source_ip, source_port, "
            + "source_asn, source_as_name, source_network, source_fqdn, source_reverse_dns, source_url, source_account, "
            + "source_geolocation_cc, source_geolocation_region, source_geolocation_city, destination_ip, "
            + "destination_port, destination_asn, destination_fqdn, destination_reverse_dns, destination_url, "
            + "destination_geolocation_cc, protocol_transport, protocol_application, malware_name, feed_name, "
            + "feed_provider, feed_accuracy, feed_code, tlp, extra, raw";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final HexFormat HEX = HexFormat.of();

    private EventRows() {
    }

    /** The partition day: the UTC day of time.source. */
    public static LocalDate day(Event event) {
        return LocalDate.ofInstant(event.timeSource(), ZoneOffset.UTC);
    }

    /**
     * The deduplication key: SHA-256 over every IntelMQ field but {@code raw} and {@code time.observation}
     * (so that the same finding read again, or from another copy of the file, is the same), first 16 bytes.
     */
    public static byte[] dedupKey(Event event) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, Object> field : event.toIntelMq().entrySet()) {
            String name = field.getKey();
            if (name.equals("raw") || name.equals("time.observation")) {
                continue;
            }
            // Separators no value holds, so that ("a", "bc") and ("ab", "c") differ.
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1F);
            sha.update(String.valueOf(field.getValue()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1E);
        }
        return Arrays.copyOf(sha.digest(), 16);
    }

    /** One line of COPY text for the staging table, in {@link #COLUMNS} order. */
    public static void appendCopy(StringBuilder out, UUID jobId, byte[] key, Event e) {
        field(out, day(e).toString());
        field(out, jobId.toString());
        // bytea in hex, its backslash doubled for COPY's text format.
        out.append("\\\\x").append(HEX.formatHex(key)).append('\t');
        field(out, e.holderId());
        field(out, e.timeSource().toString());
        field(out, e.timeObservation() == null ? null : e.timeObservation().toString());
        field(out, e.classification().taxonomy());
        field(out, e.classification().type());
        field(out, e.classificationIdentifier());
        field(out, e.sourceIp() == null ? null : e.sourceIp().toString());
        field(out, e.sourcePort());
        field(out, e.sourceAsn());
        field(out, e.sourceAsName());
        field(out, e.sourceNetwork() == null ? null : e.sourceNetwork().toString());
        field(out, e.sourceFqdn());
        field(out, e.sourceReverseDns());
        field(out, e.sourceUrl());
        field(out, e.sourceAccount());
        field(out, e.sourceGeolocationCc());
        field(out, e.sourceGeolocationRegion());
        field(out, e.sourceGeolocationCity());
        field(out, e.destinationIp() == null ? null : e.destinationIp().toString());
        field(out, e.destinationPort());
        field(out, e.destinationAsn());
        field(out, e.destinationFqdn());
        field(out, e.destinationReverseDns());
        field(out, e.destinationUrl());
        field(out, e.destinationGeolocationCc());
        field(out, e.protocolTransport());
        field(out, e.protocolApplication());
        field(out, e.malwareName());
        field(out, e.feedName());
        field(out, e.feedProvider());
        field(out, e.feedAccuracy());
        field(out, e.feedCode());
        field(out, e.tlp() == null ? null : e.tlp().label());
        field(out, e.extra().isEmpty() ? null : JSON.writeValueAsString(e.extra()));
        field(out, e.raw());
        out.setCharAt(out.length() - 1, '\n');
    }

    /** COPY's text format: tab-separated, \N for null, backslash escapes for what would break a line. */
    private static void field(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("\\N");
        } else {
            String s = value.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    // PostgreSQL text cannot hold NUL.
                    case '\0' -> { }
                    default -> out.append(c);
                }
            }
        }
        out.append('\t');
    }

    /** The columns {@link #read} needs, for a select list. */
    public static final String SELECT = "id, holder_id, time_source, time_observation, classification_taxonomy, "
            + "classification_type, classification_identifier, host(source_ip) as source_ip, source_port, source_asn, "
            + "source_as_name, source_network::text as source_network, source_fqdn, source_reverse_dns, source_url, "
            + "source_account, source_geolocation_cc, source_geolocation_region, source_geolocation_city, "
            + "host(destination_ip) as destination_ip, destination_port, destination_asn, destination_fqdn, "
            + "destination_reverse_dns, destination_url, destination_geolocation_cc, protocol_transport, "
            + "protocol_application, malware_name, feed_name, feed_provider, feed_accuracy, feed_code, tlp, "
            + "extra::text as extra, raw";

    /** An event from a row selected with {@link #SELECT}. */
    public static Event read(ResultSet rs) throws SQLException {
        Event.Builder b = Event.builder()
                .timeSource(instant(rs.getTimestamp("time_source")))
                .timeObservation(instant(rs.getTimestamp("time_observation")))
                .classification(new Classification(rs.getString("classification_taxonomy"),
                        rs.getString("classification_type")))
                .classificationIdentifier(rs.getString("classification_identifier"))
                .sourceIp(address(rs.getString("source_ip")))
                .sourcePort((Integer) rs.getObject("source_port"))
                .sourceAsn((Long) rs.getObject("source_asn"))
                .sourceAsName(rs.getString("source_as_name"))
                .sourceNetwork(rs.getString("source_network") == null ? null : IpPrefix.parse(rs.getString("source_network")))
                .sourceFqdn(rs.getString("source_fqdn"))
                .sourceReverseDns(rs.getString("source_reverse_dns"))
                .sourceUrl(rs.getString("source_url"))
                .sourceAccount(rs.getString("source_account"))
                .sourceGeolocationCc(rs.getString("source_geolocation_cc"))
                .sourceGeolocationRegion(rs.getString("source_geolocation_region"))
                .sourceGeolocationCity(rs.getString("source_geolocation_city"))
                .destinationIp(address(rs.getString("destination_ip")))
                .destinationPort((Integer) rs.getObject("destination_port"))
                .destinationAsn((Long) rs.getObject("destination_asn"))
                .destinationFqdn(rs.getString("destination_fqdn"))
                .destinationReverseDns(rs.getString("destination_reverse_dns"))
                .destinationUrl(rs.getString("destination_url"))
                .destinationGeolocationCc(rs.getString("destination_geolocation_cc"))
                .protocolTransport(rs.getString("protocol_transport"))
                .protocolApplication(rs.getString("protocol_application"))
                .malwareName(rs.getString("malware_name"))
                .feedName(rs.getString("feed_name"))
                .feedProvider(rs.getString("feed_provider"))
                .feedAccuracy((Double) rs.getObject("feed_accuracy"))
                .feedCode(rs.getString("feed_code"))
                .tlp(Tlp.parseOrNull(rs.getString("tlp")))
                .raw(rs.getString("raw"))
                .holderId(rs.getString("holder_id"));
        String extra = rs.getString("extra");
        if (extra != null) {
            b.extra(JSON.readValue(extra, MAP));
        }
        return b.build();
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static IpPrefix.@Nullable IpAddress address(@Nullable String text) {
        return text == null ? null : IpPrefix.IpAddress.parse(text);
    }
}
