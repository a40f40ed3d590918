package lat.warp.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The typed fields of an {@link Event}, by their IntelMQ names (IntelMQ's harmonisation, "Data Format").
 * Anything else a feed says goes to {@code extra.*}.
 */
public enum EventField {
    TIME_SOURCE("time.source", Kind.TIME),
    TIME_OBSERVATION("time.observation", Kind.TIME),
    CLASSIFICATION_TAXONOMY("classification.taxonomy", Kind.TEXT),
    CLASSIFICATION_TYPE("classification.type", Kind.TEXT),
    CLASSIFICATION_IDENTIFIER("classification.identifier", Kind.TEXT),
    SOURCE_IP("source.ip", Kind.IP),
    SOURCE_PORT("source.port", Kind.PORT),
    SOURCE_ASN("source.asn", Kind.ASN),
    SOURCE_AS_NAME("source.as_name", Kind.TEXT),
    SOURCE_NETWORK("source.network", Kind.NETWORK),
    SOURCE_FQDN("source.fqdn", Kind.FQDN),
    SOURCE_REVERSE_DNS("source.reverse_dns", Kind.FQDN),
    SOURCE_URL("source.url", Kind.URL),
    SOURCE_ACCOUNT("source.account", Kind.TEXT),
    SOURCE_GEOLOCATION_CC("source.geolocation.cc", Kind.COUNTRY),
    SOURCE_GEOLOCATION_REGION("source.geolocation.region", Kind.TEXT),
    SOURCE_GEOLOCATION_CITY("source.geolocation.city", Kind.TEXT),
    DESTINATION_IP("destination.ip", Kind.IP),
    DESTINATION_PORT("destination.port", Kind.PORT),
    DESTINATION_ASN("destination.asn", Kind.ASN),
    DESTINATION_FQDN("destination.fqdn", Kind.FQDN),
    DESTINATION_REVERSE_DNS("destination.reverse_dns", Kind.FQDN),
    DESTINATION_URL("destination.url", Kind.URL),
    DESTINATION_GEOLOCATION_CC("destination.geolocation.cc", Kind.COUNTRY),
    PROTOCOL_TRANSPORT("protocol.transport", Kind.PROTOCOL),
    PROTOCOL_APPLICATION("protocol.application", Kind.PROTOCOL),
    MALWARE_NAME("malware.name", Kind.MALWARE),
    FEED_NAME("feed.name", Kind.TEXT),
    FEED_PROVIDER("feed.provider", Kind.TEXT),
    FEED_ACCURACY("feed.accuracy", Kind.ACCURACY),
    FEED_CODE("feed.code", Kind.TEXT),
    TLP("tlp", Kind.TLP),
    RAW("raw", Kind.TEXT);

    /** How a field's value is written and checked. */
    public enum Kind {
        TIME, IP, NETWORK, PORT, ASN, FQDN, URL, COUNTRY, PROTOCOL, MALWARE, ACCURACY, TLP, TEXT
    }

    private static final Map<String, EventField> BY_NAME = new HashMap<>();

    static {
        for (EventField f : values()) {
            BY_NAME.put(f.intelMqName, f);
        }
    }

    private final String intelMqName;
    private final Kind kind;

    EventField(String intelMqName, Kind kind) {
        this.intelMqName = intelMqName;
        this.kind = kind;
    }

    /** The IntelMQ name, e.g. {@code source.geolocation.cc}. */
    public String intelMqName() {
        return intelMqName;
    }

    public Kind kind() {
        return kind;
    }

    /** The field with this IntelMQ name, or null. */
    public static @Nullable EventField byName(String intelMqName) {
        return BY_NAME.get(intelMqName);
    }

    /** All IntelMQ names, in declaration order. */
    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(EventField::intelMqName).toList();
    }
}
