package lat.warp.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import lat.warp.events.internal.FieldText;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A normalised security event, with IntelMQ's field names (see {@link EventField}) and an RSIT
 * {@link Classification}. Immutable; typed fields so that millions of them cost little. Build one with
 * {@link #builder()} (the builder normalises as IntelMQ does: host names and protocol names in lower case,
 * country codes in upper case, an AS number 0 dropped), or from IntelMQ's dotted form with
 * {@link #fromIntelMq(Map)}; {@link #toIntelMq()} gives that form back.
 *
 * @param timeSource {@code time.source}: when the source saw it
 * @param timeObservation {@code time.observation}: when the WARP read it
 * @param classification {@code classification.taxonomy} and {@code classification.type}
 * @param classificationIdentifier {@code classification.identifier}
 * @param sourceIp {@code source.ip}
 * @param sourcePort {@code source.port}, 0–65535
 * @param sourceAsn {@code source.asn}, 1–4294967295
 * @param sourceAsName {@code source.as_name}
 * @param sourceNetwork {@code source.network}
 * @param sourceFqdn {@code source.fqdn}
 * @param sourceReverseDns {@code source.reverse_dns}
 * @param sourceUrl {@code source.url}
 * @param sourceAccount {@code source.account}
 * @param sourceGeolocationCc {@code source.geolocation.cc}
 * @param sourceGeolocationRegion {@code source.geolocation.region}
 * @param sourceGeolocationCity {@code source.geolocation.city}
 * @param destinationIp {@code destination.ip}
 * @param destinationPort {@code destination.port}
 * @param destinationAsn {@code destination.asn}
 * @param destinationFqdn {@code destination.fqdn}
 * @param destinationReverseDns {@code destination.reverse_dns}
 * @param destinationUrl {@code destination.url}
 * @param destinationGeolocationCc {@code destination.geolocation.cc}
 * @param protocolTransport {@code protocol.transport}
 * @param protocolApplication {@code protocol.application}
 * @param malwareName {@code malware.name}
 * @param feedName {@code feed.name}
 * @param feedProvider {@code feed.provider}
 * @param feedAccuracy {@code feed.accuracy}, 0–100
 * @param feedCode {@code feed.code}
 * @param tlp {@code tlp}
 * @param extra {@code extra.*}: everything else the feed said, by name, sorted
 * @param raw {@code raw}: the original line (IntelMQ's form holds it in Base64)
 * @param holderId the organisation holding the event's address, filled in by the pipeline's attribution;
 *     not an IntelMQ field
 */
public record Event(
        @Nullable Instant timeSource,
        @Nullable Instant timeObservation,
        Classification classification,
        @Nullable String classificationIdentifier,
        @Nullable IpAddress sourceIp,
        @Nullable Integer sourcePort,
        @Nullable Long sourceAsn,
        @Nullable String sourceAsName,
        @Nullable IpPrefix sourceNetwork,
        @Nullable String sourceFqdn,
        @Nullable String sourceReverseDns,
        @Nullable String sourceUrl,
        @Nullable String sourceAccount,
        @Nullable String sourceGeolocationCc,
        @Nullable String sourceGeolocationRegion,
        @Nullable String sourceGeolocationCity,
        @Nullable IpAddress destinationIp,
        @Nullable Integer destinationPort,
        @Nullable Long destinationAsn,
        @Nullable String destinationFqdn,
        @Nullable String destinationReverseDns,
        @Nullable String destinationUrl,
        @Nullable String destinationGeolocationCc,
        @Nullable String protocolTransport,
        @Nullable String protocolApplication,
        @Nullable String malwareName,
        @Nullable String feedName,
        @Nullable String feedProvider,
        @Nullable Double feedAccuracy,
        @Nullable String feedCode,
        @Nullable Tlp tlp,
        SortedMap<String, Object> extra,
        @Nullable String raw,
        @Nullable String holderId) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Event {
        if (classification == null) {
            throw new IllegalArgumentException("an event needs a classification");
        }
        if (!Taxonomy.rsit().isValid(classification)) {
            throw new IllegalArgumentException("not an RSIT classification: " + classification
                    + " (use Taxonomy.normalise)");
        }
        checkPort(sourcePort);
        checkPort(destinationPort);
        checkAsn(sourceAsn);
        checkAsn(destinationAsn);
        if (feedAccuracy != null && !(feedAccuracy >= 0 && feedAccuracy <= 100)) {
            throw new IllegalArgumentException("feed.accuracy must be between 0 and 100");
        }
        extra = extra == null ? ExtraFields.empty() : ExtraFields.copyOf(extra);
    }

    private static void checkPort(@Nullable Integer port) {
        if (port != null && (port < 0 || port > 65_535)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    private static void checkAsn(@Nullable Long asn) {
        if (asn != null && (asn < 1 || asn > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("AS number out of range: " + asn);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /** This event with the holder organisation the attribution found. */
    public Event withHolderId(@Nullable String holder) {
        return toBuilder().holderId(holder).build();
    }

    /**
     * The event in IntelMQ's flat form: dotted field names, only the fields that have a value, times as
     * {@code 2024-01-05T10:00:00+00:00}, addresses and networks as text, ports and AS numbers as numbers,
     * TLP as its label ({@code AMBER+STRICT}), each extra field as {@code extra.<name>}, and {@code raw} in
     * Base64 as IntelMQ keeps it. The holder is not an IntelMQ field and is left out.
     */
    public Map<String, Object> toIntelMq() {
        return toIntelMq(true);
    }

    /** {@link #toIntelMq()}, with or without {@code raw} (whose Base64 is the dearest field to make). */
    public Map<String, Object> toIntelMq(boolean withRaw) {
        Map<String, Object> m = new LinkedHashMap<>(32 + extra.size());
        put(m, EventField.TIME_SOURCE, timeSource == null ? null : FieldText.format(timeSource));
        put(m, EventField.TIME_OBSERVATION, timeObservation == null ? null : FieldText.format(timeObservation));
        put(m, EventField.CLASSIFICATION_TAXONOMY, classification.taxonomy());
        put(m, EventField.CLASSIFICATION_TYPE, classification.type());
        put(m, EventField.CLASSIFICATION_IDENTIFIER, classificationIdentifier);
        put(m, EventField.SOURCE_IP, sourceIp == null ? null : sourceIp.toString());
        put(m, EventField.SOURCE_PORT, sourcePort);
        put(m, EventField.SOURCE_ASN, sourceAsn);
        put(m, EventField.SOURCE_AS_NAME, sourceAsName);
        put(m, EventField.SOURCE_NETWORK, sourceNetwork == null ? null : sourceNetwork.toString());
        put(m, EventField.SOURCE_FQDN, sourceFqdn);
        put(m, EventField.SOURCE_REVERSE_DNS, sourceReverseDns);
        put(m, EventField.SOURCE_URL, sourceUrl);
        put(m, EventField.SOURCE_ACCOUNT, sourceAccount);
        put(m, EventField.SOURCE_GEOLOCATION_CC, sourceGeolocationCc);
        put(m, EventField.SOURCE_GEOLOCATION_REGION, sourceGeolocationRegion);
        put(m, EventField.SOURCE_GEOLOCATION_CITY, sourceGeolocationCity);
        put(m, EventField.DESTINATION_IP, destinationIp == null ? null : destinationIp.toString());
        put(m, EventField.DESTINATION_PORT, destinationPort);
        put(m, EventField.DESTINATION_ASN, destinationAsn);
        put(m, EventField.DESTINATION_FQDN, destinationFqdn);
        put(m, EventField.DESTINATION_REVERSE_DNS, destinationReverseDns);
        put(m, EventField.DESTINATION_URL, destinationUrl);
        put(m, EventField.DESTINATION_GEOLOCATION_CC, destinationGeolocationCc);
        put(m, EventField.PROTOCOL_TRANSPORT, protocolTransport);
        put(m, EventField.PROTOCOL_APPLICATION, protocolApplication);
        put(m, EventField.MALWARE_NAME, malwareName);
        put(m, EventField.FEED_NAME, feedName);
        put(m, EventField.FEED_PROVIDER, feedProvider);
        put(m, EventField.FEED_ACCURACY, feedAccuracy);
        put(m, EventField.FEED_CODE, feedCode);
        put(m, EventField.TLP, tlp == null ? null : tlp.label());
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            m.put("extra." + e.getKey(), e.getValue());
        }
        if (withRaw) {
            put(m, EventField.RAW, raw == null ? null : Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        }
        return m;
    }

    private static void put(Map<String, Object> m, EventField field, @Nullable Object value) {
        if (value != null) {
            m.put(field.intelMqName(), value);
        }
    }

    /**
     * An event from IntelMQ's flat form (what {@link #toIntelMq()} makes, or a line of an IntelMQ JSON
     * dump). Values may be text or typed ({@code "source.port": "22"} or {@code 22}); {@code extra} may be
     * one object (or its JSON text) or {@code extra.<name>} fields; {@code raw} is decoded from Base64 when
     * it is Base64 of UTF-8 text. Harmonised fields that this model does not type (for example
     * {@code source.geolocation.latitude}) are kept in {@code extra} under their full name; keys starting
     * with {@code __} (IntelMQ's {@code __type}) are ignored. The classification goes through
     * {@link Taxonomy#normalise}.
     *
     * @throws InvalidInputException naming the first field whose value is wrong
     */
    public static Event fromIntelMq(Map<String, ?> fields) {
        Builder b = new Builder();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (value == null || name.startsWith("__")) {
                continue;
            }
            if (name.equals("extra")) {
                b.putExtras(value);
            } else if (name.startsWith("extra.")) {
                b.extra(name.substring(6), value);
            } else if (name.equals("raw")) {
                b.raw(decodeRaw(String.valueOf(value)));
            } else {
                EventField field = EventField.byName(name);
                if (field == null) {
                    b.extra(name, value);
                } else {
                    b.set(field, value);
                }
            }
        }
        return b.build();
    }

    private static String decodeRaw(String value) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(value);
            java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
            return d.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return value;
        }
    }

    /**
     * Builds events, normalising values as IntelMQ does. Reusable: {@link #reset()} clears it for the next
     * row. Typed setters take values as they are; {@link #set(EventField, Object)} reads text or JSON
     * values and refuses wrong ones with an {@link InvalidInputException} naming the field.
     */
    public static final class Builder {
        private @Nullable Instant timeSource;
        private @Nullable Instant timeObservation;
        private @Nullable Classification classification;
        private @Nullable String taxonomyText;
        private @Nullable String typeText;
        private @Nullable String classificationIdentifier;
        private @Nullable IpAddress sourceIp;
        private @Nullable Integer sourcePort;
        private @Nullable Long sourceAsn;
        private @Nullable String sourceAsName;
        private @Nullable IpPrefix sourceNetwork;
        private @Nullable String sourceFqdn;
        private @Nullable String sourceReverseDns;
        private @Nullable String sourceUrl;
        private @Nullable String sourceAccount;
        private @Nullable String sourceGeolocationCc;
        private @Nullable String sourceGeolocationRegion;
        private @Nullable String sourceGeolocationCity;
        private @Nullable IpAddress destinationIp;
        private @Nullable Integer destinationPort;
        private @Nullable Long destinationAsn;
        private @Nullable String destinationFqdn;
        private @Nullable String destinationReverseDns;
        private @Nullable String destinationUrl;
        private @Nullable String destinationGeolocationCc;
        private @Nullable String protocolTransport;
        private @Nullable String protocolApplication;
        private @Nullable String malwareName;
        private @Nullable String feedName;
        private @Nullable String feedProvider;
        private @Nullable Double feedAccuracy;
        private @Nullable String feedCode;
        private @Nullable Tlp tlp;
        private @Nullable SortedMap<String, Object> extraMap;
        private @Nullable TreeMap<String, Object> extraEntries;
        private @Nullable String raw;
        private @Nullable String holderId;

        Builder() {
        }

        /** Clears every value. */
        public Builder reset() {
            timeSource = null;
            timeObservation = null;
            classification = null;
            taxonomyText = null;
            typeText = null;
            classificationIdentifier = null;
            sourceIp = null;
            sourcePort = null;
            sourceAsn = null;
            sourceAsName = null;
            sourceNetwork = null;
            sourceFqdn = null;
            sourceReverseDns = null;
            sourceUrl = null;
            sourceAccount = null;
            sourceGeolocationCc = null;
            sourceGeolocationRegion = null;
            sourceGeolocationCity = null;
            destinationIp = null;
            destinationPort = null;
            destinationAsn = null;
            destinationFqdn = null;
            destinationReverseDns = null;
            destinationUrl = null;
            destinationGeolocationCc = null;
            protocolTransport = null;
            protocolApplication = null;
            malwareName = null;
            feedName = null;
            feedProvider = null;
            feedAccuracy = null;
            feedCode = null;
            tlp = null;
            extraMap = null;
            extraEntries = null;
            raw = null;
            holderId = null;
            return this;
        }

        Builder from(Event e) {
            reset();
            timeSource = e.timeSource;
            timeObservation = e.timeObservation;
            classification = e.classification;
            classificationIdentifier = e.classificationIdentifier;
            sourceIp = e.sourceIp;
            sourcePort = e.sourcePort;
            sourceAsn = e.sourceAsn;
            sourceAsName = e.sourceAsName;
            sourceNetwork = e.sourceNetwork;
            sourceFqdn = e.sourceFqdn;
            sourceReverseDns = e.sourceReverseDns;
            sourceUrl = e.sourceUrl;
            sourceAccount = e.sourceAccount;
            sourceGeolocationCc = e.sourceGeolocationCc;
            sourceGeolocationRegion = e.sourceGeolocationRegion;
            sourceGeolocationCity = e.sourceGeolocationCity;
            destinationIp = e.destinationIp;
            destinationPort = e.destinationPort;
            destinationAsn = e.destinationAsn;
            destinationFqdn = e.destinationFqdn;
            destinationReverseDns = e.destinationReverseDns;
            destinationUrl = e.destinationUrl;
            destinationGeolocationCc = e.destinationGeolocationCc;
            protocolTransport = e.protocolTransport;
            protocolApplication = e.protocolApplication;
            malwareName = e.malwareName;
            feedName = e.feedName;
            feedProvider = e.feedProvider;
            feedAccuracy = e.feedAccuracy;
            feedCode = e.feedCode;
            tlp = e.tlp;
            extraMap = e.extra;
            raw = e.raw;
            holderId = e.holderId;
            return this;
        }

        public Builder timeSource(@Nullable Instant v) { timeSource = v; return this; }
        public Builder timeObservation(@Nullable Instant v) { timeObservation = v; return this; }
        public Builder classification(@Nullable Classification v) { classification = v; return this; }
        public Builder classificationIdentifier(@Nullable String v) { classificationIdentifier = v; return this; }
        public Builder sourceIp(@Nullable IpAddress v) { sourceIp = v; return this; }
        public Builder sourcePort(@Nullable Integer v) { sourcePort = v; return this; }
        public Builder sourceAsn(@Nullable Long v) { sourceAsn = v == null || v == 0 ? null : v; return this; }
        public Builder sourceAsName(@Nullable String v) { sourceAsName = v; return this; }
        public Builder sourceNetwork(@Nullable IpPrefix v) { sourceNetwork = v; return this; }
        public Builder sourceFqdn(@Nullable String v) { sourceFqdn = v; return this; }
        public Builder sourceReverseDns(@Nullable String v) { sourceReverseDns = v; return this; }
        public Builder sourceUrl(@Nullable String v) { sourceUrl = v; return this; }
        public Builder sourceAccount(@Nullable String v) { sourceAccount = v; return this; }
        public Builder sourceGeolocationCc(@Nullable String v) { sourceGeolocationCc = v; return this; }
        public Builder sourceGeolocationRegion(@Nullable String v) { sourceGeolocationRegion = v; return this; }
        public Builder sourceGeolocationCity(@Nullable String v) { sourceGeolocationCity = v; return this; }
        public Builder destinationIp(@Nullable IpAddress v) { destinationIp = v; return this; }
        public Builder destinationPort(@Nullable Integer v) { destinationPort = v; return this; }
        public Builder destinationAsn(@Nullable Long v) { destinationAsn = v == null || v == 0 ? null : v; return this; }
        public Builder destinationFqdn(@Nullable String v) { destinationFqdn = v; return this; }
        public Builder destinationReverseDns(@Nullable String v) { destinationReverseDns = v; return this; }
        public Builder destinationUrl(@Nullable String v) { destinationUrl = v; return this; }
        public Builder destinationGeolocationCc(@Nullable String v) { destinationGeolocationCc = v; return this; }
        public Builder protocolTransport(@Nullable String v) { protocolTransport = v; return this; }
        public Builder protocolApplication(@Nullable String v) { protocolApplication = v; return this; }
        public Builder malwareName(@Nullable String v) { malwareName = v; return this; }
        public Builder feedName(@Nullable String v) { feedName = v; return this; }
        public Builder feedProvider(@Nullable String v) { feedProvider = v; return this; }
        public Builder feedAccuracy(@Nullable Double v) { feedAccuracy = v; return this; }
        public Builder feedCode(@Nullable String v) { feedCode = v; return this; }
        public Builder tlp(@Nullable Tlp v) { tlp = v; return this; }
        public Builder raw(@Nullable String v) { raw = v; return this; }
        public Builder holderId(@Nullable String v) { holderId = v; return this; }

        /** The extra fields as a whole, replacing any set before (a map from {@link ExtraFields} is not copied). */
        public Builder extra(@Nullable Map<String, ?> v) {
            extraEntries = null;
            extraMap = v == null ? null : ExtraFields.copyOf(v);
            return this;
        }

        /** One extra field; a null value removes it. */
        public Builder extra(String name, @Nullable Object value) {
            if (extraEntries == null) {
                extraEntries = extraMap == null ? new TreeMap<>() : new TreeMap<>(extraMap);
                extraMap = null;
            }
            if (value == null) {
                extraEntries.remove(name);
            } else {
                extraEntries.put(name, value);
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        void putExtras(Object value) {
            Object v = value;
            if (v instanceof String s) {
                try {
                    v = JSON.readValue(s, Map.class);
                } catch (JacksonException e) {
                    throw new InvalidInputException("extra", "The field extra is not a JSON object.");
                }
            }
            if (!(v instanceof Map<?, ?> map)) {
                throw new InvalidInputException("extra", "The field extra is not a JSON object.");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                extra(String.valueOf(e.getKey()), e.getValue());
            }
        }

        /**
         * Sets a field from text or from a JSON value, checking and normalising it as IntelMQ would. A
         * blank text clears the field.
         *
         * @throws InvalidInputException naming the field when the value is wrong
         */
        public Builder set(EventField field, @Nullable Object value) {
            String name = field.intelMqName();
            if (value == null || (value instanceof String s && s.isBlank())) {
                return clear(field);
            }
            String text = value instanceof String s ? s.strip() : String.valueOf(value);
            switch (field) {
                case TIME_SOURCE -> timeSource = time(name, value, text);
                case TIME_OBSERVATION -> timeObservation = time(name, value, text);
                case CLASSIFICATION_TAXONOMY -> { taxonomyText = text; classification = null; }
                case CLASSIFICATION_TYPE -> { typeText = text; classification = null; }
                case CLASSIFICATION_IDENTIFIER -> classificationIdentifier = text;
                case SOURCE_IP -> sourceIp = ip(name, text);
                case SOURCE_PORT -> sourcePort = port(name, value, text);
                case SOURCE_ASN -> sourceAsn(asn(name, value, text));
                case SOURCE_AS_NAME -> sourceAsName = text;
                case SOURCE_NETWORK -> sourceNetwork = network(name, text);
                case SOURCE_FQDN -> sourceFqdn = fqdn(name, text);
                case SOURCE_REVERSE_DNS -> sourceReverseDns = fqdn(name, text);
                case SOURCE_URL -> sourceUrl = url(name, text);
                case SOURCE_ACCOUNT -> sourceAccount = text;
                case SOURCE_GEOLOCATION_CC -> sourceGeolocationCc = cc(name, text);
                case SOURCE_GEOLOCATION_REGION -> sourceGeolocationRegion = text;
                case SOURCE_GEOLOCATION_CITY -> sourceGeolocationCity = text;
                case DESTINATION_IP -> destinationIp = ip(name, text);
                case DESTINATION_PORT -> destinationPort = port(name, value, text);
                case DESTINATION_ASN -> destinationAsn(asn(name, value, text));
                case DESTINATION_FQDN -> destinationFqdn = fqdn(name, text);
                case DESTINATION_REVERSE_DNS -> destinationReverseDns = fqdn(name, text);
                case DESTINATION_URL -> destinationUrl = url(name, text);
                case DESTINATION_GEOLOCATION_CC -> destinationGeolocationCc = cc(name, text);
                case PROTOCOL_TRANSPORT -> protocolTransport = protocol(name, text);
                case PROTOCOL_APPLICATION -> protocolApplication = protocol(name, text);
                case MALWARE_NAME -> malwareName = malware(name, text);
                case FEED_NAME -> feedName = text;
                case FEED_PROVIDER -> feedProvider = text;
                case FEED_ACCURACY -> feedAccuracy = accuracy(name, value, text);
                case FEED_CODE -> feedCode = text;
                case TLP -> tlp = Tlp.parse(text);
                case RAW -> raw = value instanceof String s ? s : text;
            }
            return this;
        }

        private Builder clear(EventField field) {
            switch (field) {
                case TIME_SOURCE -> timeSource = null;
                case TIME_OBSERVATION -> timeObservation = null;
                case CLASSIFICATION_TAXONOMY -> { taxonomyText = null; classification = null; }
                case CLASSIFICATION_TYPE -> { typeText = null; classification = null; }
                case CLASSIFICATION_IDENTIFIER -> classificationIdentifier = null;
                case SOURCE_IP -> sourceIp = null;
                case SOURCE_PORT -> sourcePort = null;
                case SOURCE_ASN -> sourceAsn = null;
                case SOURCE_AS_NAME -> sourceAsName = null;
                case SOURCE_NETWORK -> sourceNetwork = null;
                case SOURCE_FQDN -> sourceFqdn = null;
                case SOURCE_REVERSE_DNS -> sourceReverseDns = null;
                case SOURCE_URL -> sourceUrl = null;
                case SOURCE_ACCOUNT -> sourceAccount = null;
                case SOURCE_GEOLOCATION_CC -> sourceGeolocationCc = null;
                case SOURCE_GEOLOCATION_REGION -> sourceGeolocationRegion = null;
                case SOURCE_GEOLOCATION_CITY -> sourceGeolocationCity = null;
                case DESTINATION_IP -> destinationIp = null;
                case DESTINATION_PORT -> destinationPort = null;
                case DESTINATION_ASN -> destinationAsn = null;
                case DESTINATION_FQDN -> destinationFqdn = null;
                case DESTINATION_REVERSE_DNS -> destinationReverseDns = null;
                case DESTINATION_URL -> destinationUrl = null;
                case DESTINATION_GEOLOCATION_CC -> destinationGeolocationCc = null;
                case PROTOCOL_TRANSPORT -> protocolTransport = null;
                case PROTOCOL_APPLICATION -> protocolApplication = null;
                case MALWARE_NAME -> malwareName = null;
                case FEED_NAME -> feedName = null;
                case FEED_PROVIDER -> feedProvider = null;
                case FEED_ACCURACY -> feedAccuracy = null;
                case FEED_CODE -> feedCode = null;
                case TLP -> tlp = null;
                case RAW -> raw = null;
            }
            return this;
        }

        /**
         * The event. The classification is the one set with {@link #classification(Classification)}, or
         * else the taxonomy and type given through {@link #set} normalised by {@link Taxonomy#normalise}.
         *
         * @throws InvalidInputException when there is no valid classification
         */
        public Event build() {
            Classification c = classification;
            if (c == null) {
                c = Taxonomy.rsit().normalise(taxonomyText, typeText);
            }
            SortedMap<String, Object> extra = extraEntries != null ? ExtraFields.copyOf(extraEntries)
                    : extraMap != null ? extraMap : ExtraFields.empty();
            return new Event(timeSource, timeObservation, c, classificationIdentifier, sourceIp, sourcePort,
                    sourceAsn, sourceAsName, sourceNetwork, sourceFqdn, sourceReverseDns, sourceUrl, sourceAccount,
                    sourceGeolocationCc, sourceGeolocationRegion, sourceGeolocationCity, destinationIp,
                    destinationPort, destinationAsn, destinationFqdn, destinationReverseDns, destinationUrl,
                    destinationGeolocationCc, protocolTransport, protocolApplication, malwareName, feedName,
                    feedProvider, feedAccuracy, feedCode, tlp, extra, raw, holderId);
        }

        private static Instant time(String name, Object value, String text) {
            if (value instanceof Instant i) {
                return i;
            }
            Instant t = FieldText.instant(text);
            if (t == null) {
                throw new InvalidInputException(name, "Not a time: " + quote(text)
                        + " (expected ISO 8601, e.g. 2024-01-05T10:00:00+00:00).");
            }
            return t;
        }

        private static IpAddress ip(String name, String text) {
            IpAddress a = FieldText.ip(text);
            if (a == null) {
                throw new InvalidInputException(name, "Not an IP address: " + quote(text) + ".");
            }
            return a;
        }

        private static IpPrefix network(String name, String text) {
            try {
                return IpPrefix.parse(text);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(name, "Not a network: " + quote(text) + ".");
            }
        }

        private static Integer port(String name, Object value, String text) {
            long n = value instanceof Number num && isIntegral(num) ? num.longValue() : FieldText.port(text);
            if (n < 0 || n > 65_535) {
                throw new InvalidInputException(name, "Not a port number: " + quote(text) + ".");
            }
            return (int) n;
        }

        private static Long asn(String name, Object value, String text) {
            long n = value instanceof Number num && isIntegral(num) ? num.longValue() : FieldText.asn(text);
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw new InvalidInputException(name, "Not an AS number: " + quote(text) + ".");
            }
            return n;
        }

        private static Double accuracy(String name, Object value, String text) {
            double d;
            if (value instanceof Number n) {
                d = n.doubleValue();
            } else if (value instanceof Boolean b) {
                d = b ? 100 : 0;
            } else {
                try {
                    d = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
            }
            if (!(d >= 0 && d <= 100)) {
                throw new InvalidInputException(name, "Not an accuracy between 0 and 100: " + quote(text) + ".");
            }
            return d;
        }

        private static boolean isIntegral(Number n) {
            return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                    || n instanceof java.math.BigInteger;
        }

        private static String fqdn(String name, String text) {
            String s = FieldText.hostName(text);
            if (s == null) {
                throw new InvalidInputException(name, "Not a host name: " + quote(text) + ".");
            }
            return s;
        }

        private static String url(String name, String text) {
            String s = FieldText.url(text);
            if (s == null) {
                throw new InvalidInputException(name, "Not a URL with a scheme and a host: " + quote(text) + ".");
            }
            return s;
        }

        private static String cc(String name, String text) {
            String s = FieldText.countryCode(text);
            if (s == null) {
                throw new InvalidInputException(name, "Not a two-letter country code: " + quote(text) + ".");
            }
            return s;
        }

        private static String protocol(String name, String text) {
            String s = FieldText.protocol(text);
            if (s == null) {
                throw new InvalidInputException(name, "Not a protocol name: " + quote(text) + ".");
            }
            return s;
        }

        private static String malware(String name, String text) {
            String s = FieldText.malwareName(text);
            if (s == null) {
                throw new InvalidInputException(name, "Not a malware name (printable ASCII): " + quote(text) + ".");
            }
            return s;
        }

        private static String quote(String s) {
            return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
        }
    }

    /** The names of the typed fields, for documentation and mapping forms. */
    public static List<String> fieldNames() {
        return Collections.unmodifiableList(EventField.names());
    }
}
