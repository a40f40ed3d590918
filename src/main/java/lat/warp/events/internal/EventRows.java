package lat.warp.events.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.EventField;
import lat.warp.events.ExtraFields;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How an {@link Event} maps onto the events table: a binary COPY row one way, a result row the other. */
public final class EventRows {

    /** The stored columns but {@code id}, in the order {@link #appendBinary} writes them. */
    public static final String COLUMNS = "day, job_id, dedup_key, holder_id, time_source, time_observation, "
            + "classification_taxonomy, classification_type, classification_identifier, source_ip, source_port, "
            + "source_asn, source_as_name, source_network, source_fqdn, source_reverse_dns, source_url, source_account, "
            + "source_geolocation_cc, source_geolocation_region, source_geolocation_city, destination_ip, "
            + "destination_port, destination_asn, destination_fqdn, destination_reverse_dns, destination_url, "
            + "destination_geolocation_cc, protocol_transport, protocol_application, malware_name, feed_name, "
            + "feed_provider, feed_accuracy, feed_code, tlp, extra, extra_layout, line";

    /** How many columns a binary row has. */
    static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {
    };
    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps, in days and seconds since 1970-01-01. */
    private static final long PG_EPOCH_DAY = 10_957;
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

    private EventRows() {
    }

    /** The partition day: the UTC day of time.source. */
    public static LocalDate day(Event event) {
        return LocalDate.ofInstant(event.timeSource(), ZoneOffset.UTC);
    }

    /**
     * The deduplication key of an event on a day made since ADR 0019 (key version 2, {@link #keyInputV2}):
     * SHA-256 over every IntelMQ field but {@code raw} and {@code time.observation} (so that the same finding
     * read again, or from another copy of the file, is the same), first 16 bytes.
     */
    public static byte[] dedupKey(Event event) {
        try {
            CopyBuffer input = new CopyBuffer(1 << 12);
            keyInputV2(input, event, null, new ExtraNames(), null);
            return key(MessageDigest.getInstance("SHA-256"), input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Key version 1, of the days stored before ADR 0019: SHA-256 over each field's IntelMQ name and text (as
     * {@link Event#toIntelMq()} has them, in its order, without {@code raw} and {@code time.observation}),
     * first 16 bytes; with {@code time.source} rounded down to a feed's window (DedupProperties), or exact
     * when null. The field bytes are gathered in {@code scratch} and hashed in one call.
     */
    static byte[] keyV1(Event e, MessageDigest sha, CopyBuffer scratch, java.time.@Nullable Duration window) {
        scratch.reset();
        // The fields of Event.toIntelMq(), in its order, without time.observation and raw; written here rather
        // than read from that map, which costs a map and a string per field per row (EventRowsUnitTest checks
        // that both give the same bytes).
        if (e.timeSource() != null) {
            scratch.rawText(EventField.TIME_SOURCE.intelMqName());
            scratch.write(0x1F);
            keyTime(scratch, rounded(e.timeSource(), window));
            scratch.write(0x1E);
        }
        keyField(scratch, EventField.CLASSIFICATION_TAXONOMY, e.classification().taxonomy());
        keyField(scratch, EventField.CLASSIFICATION_TYPE, e.classification().type());
        keyField(scratch, EventField.CLASSIFICATION_IDENTIFIER, e.classificationIdentifier());
        keyField(scratch, EventField.SOURCE_IP, e.sourceIp());
        keyField(scratch, EventField.SOURCE_PORT, e.sourcePort());
        keyField(scratch, EventField.SOURCE_ASN, e.sourceAsn());
        keyField(scratch, EventField.SOURCE_AS_NAME, e.sourceAsName());
        keyField(scratch, EventField.SOURCE_NETWORK, e.sourceNetwork());
        keyField(scratch, EventField.SOURCE_FQDN, e.sourceFqdn());
        keyField(scratch, EventField.SOURCE_REVERSE_DNS, e.sourceReverseDns());
        keyField(scratch, EventField.SOURCE_URL, e.sourceUrl());
        keyField(scratch, EventField.SOURCE_ACCOUNT, e.sourceAccount());
        keyField(scratch, EventField.SOURCE_GEOLOCATION_CC, e.sourceGeolocationCc());
        keyField(scratch, EventField.SOURCE_GEOLOCATION_REGION, e.sourceGeolocationRegion());
        keyField(scratch, EventField.SOURCE_GEOLOCATION_CITY, e.sourceGeolocationCity());
        keyField(scratch, EventField.DESTINATION_IP, e.destinationIp());
        keyField(scratch, EventField.DESTINATION_PORT, e.destinationPort());
        keyField(scratch, EventField.DESTINATION_ASN, e.destinationAsn());
        keyField(scratch, EventField.DESTINATION_FQDN, e.destinationFqdn());
        keyField(scratch, EventField.DESTINATION_REVERSE_DNS, e.destinationReverseDns());
        keyField(scratch, EventField.DESTINATION_URL, e.destinationUrl());
        keyField(scratch, EventField.DESTINATION_GEOLOCATION_CC, e.destinationGeolocationCc());
        keyField(scratch, EventField.PROTOCOL_TRANSPORT, e.protocolTransport());
        keyField(scratch, EventField.PROTOCOL_APPLICATION, e.protocolApplication());
        keyField(scratch, EventField.MALWARE_NAME, e.malwareName());
        keyField(scratch, EventField.FEED_NAME, e.feedName());
        keyField(scratch, EventField.FEED_PROVIDER, e.feedProvider());
        keyField(scratch, EventField.FEED_ACCURACY, e.feedAccuracy());
        keyField(scratch, EventField.FEED_CODE, e.feedCode());
        keyField(scratch, EventField.TLP, e.tlp() == null ? null : e.tlp().label());
        for (Map.Entry<String, Object> x : e.extra().entrySet()) {
            scratch.rawText("extra.");
            keyValue(scratch, x.getKey(), x.getValue());
        }
        sha.reset();
        sha.update(scratch.array(), 0, scratch.size());
        return Arrays.copyOf(sha.digest(), 16);
    }

    /** The key version of the days created since ADR 0019; days made before keep version 1 (event_days). */
    static final int KEY_VERSION = 2;

    /**
     * Writes what key version 2 hashes (ADR 0019): the fields of version 1, in its order, in binary COPY form
     * (each value length-prefixed, -1 when absent; {@code time.source} rounded to the window, in microseconds)
     * without their names, then the digest of the extra's names ({@link ExtraNames}), then the extra's values as
     * the JSON array a stored row holds. A row of a Shadowserver file is about half as many bytes as version 1
     * hashed, and its extra is encoded once, for the key and the row alike.
     *
     * @param spans where to note the array's values, for the row to copy them (or null)
     * @return where the extra's JSON array starts in {@code out}, to be copied into the row; -1 when the event
     *     has no extra
     */
    static int keyInputV2(CopyBuffer out, Event e, java.time.@Nullable Duration window, ExtraNames names,
            @Nullable KeySpans spans) {
        out.reset();
        if (spans != null) {
            spans.array = -1;
        }
        time(out, e.timeSource() == null ? null : rounded(e.timeSource(), window));
        eventFields(out, e, e.sourceAsn(), e.sourceAsName(), e.sourceGeolocationCc(), spans);
        Map<String, Object> extra = e.extra();
        if (extra.isEmpty()) {
            out.nullField();
            return -1;
        }
        String[] shared = ExtraFields.layoutNames(extra);
        String[] order = shared != null ? shared : extra.keySet().toArray(String[]::new);
        byte[] digest = names.digest(order);
        out.int32(digest.length);
        out.write(digest, 0, digest.length);
        int at = out.size();
        extraArray(out, extra, shared, spans);
        return at;
    }

    /** {@code time.source} as a key has it: rounded down to a feed's window, or exact when there is none. */
    private static Instant rounded(Instant time, java.time.@Nullable Duration window) {
        if (window == null) {
            return time;
        }
        long w = window.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), w) * w);
    }

    /** The first 16 bytes of the SHA-256 of what a buffer holds: a key. */
    static byte[] key(MessageDigest sha, CopyBuffer input) {
        sha.reset();
        sha.update(input.array(), 0, input.size());
        return Arrays.copyOf(sha.digest(), 16);
    }

    /**
     * Digests of extra layouts' names for key version 2, so that two extras with the same values under other
     * names differ: one digest per distinct list of names, computed once (a file's rows share one array).
     */
    static final class ExtraNames {
        private static final int MAX_HELD = 10_000;
        private final MessageDigest sha;
        private final CopyBuffer scratch = new CopyBuffer(1 << 10);
        private final Map<List<String>, byte[]> held = new java.util.HashMap<>();
        private String @Nullable [] last;
        private byte[] lastDigest = new byte[0];

        ExtraNames() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] digest(String[] names) {
            if (names == last) {
                return lastDigest;
            }
            List<String> list = Arrays.asList(names);
            byte[] digest = held.get(list);
            if (digest == null) {
                scratch.reset();
                for (String name : names) {
                    text(scratch, name);
                }
                digest = key(sha, scratch);
                if (held.size() < MAX_HELD) {
                    held.put(list, digest);
                }
            }
            last = names;
            lastDigest = digest;
            return digest;
        }
    }

    private static void keyField(CopyBuffer out, EventField field, @Nullable Object value) {
        if (value instanceof IpPrefix.IpAddress a && !a.v6()) {
            // A dotted quad written here, as IpAddress.toString() gives it, without an InetAddress per row.
            out.rawText(field.intelMqName());
            out.write(0x1F);
            long v = a.lo();
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.rawText(Integer.toString((int) (v >>> shift) & 0xFF));
                if (shift > 0) {
                    out.write('.');
                }
            }
            out.write(0x1E);
        } else if (value != null) {
            keyValue(out, field.intelMqName(), value);
        }
    }

    /** FieldText.format(t) ({@code 2024-01-05T10:00:00+00:00}) for whole seconds of years 1000-9999, else through it. */
    private static void keyTime(CopyBuffer out, Instant t) {
        long s = t.getEpochSecond();
        long day = Math.floorDiv(s, 86_400);
        LocalDate d = LocalDate.ofEpochDay(day);
        if (t.getNano() != 0 || d.getYear() < 1000 || d.getYear() > 9999) {
            out.rawText(FieldText.format(t));
            return;
        }
        int secs = (int) (s - day * 86_400);
        digits(out, d.getYear(), 4);
        out.write('-');
        digits(out, d.getMonthValue(), 2);
        out.write('-');
        digits(out, d.getDayOfMonth(), 2);
        out.write('T');
        digits(out, secs / 3600, 2);
        out.write(':');
        digits(out, secs / 60 % 60, 2);
        out.write(':');
        digits(out, secs % 60, 2);
        out.rawText("+00:00");
    }

    private static void digits(CopyBuffer out, int v, int width) {
        for (int p = width - 1; p >= 0; p--) {
            int div = p == 3 ? 1000 : p == 2 ? 100 : p == 1 ? 10 : 1;
            out.write('0' + v / div % 10);
        }
    }

    // Separators no value holds, so that ("a", "bc") and ("ab", "c") differ.
    private static void keyValue(CopyBuffer out, String name, @Nullable Object value) {
        out.rawText(name);
        out.write(0x1F);
        switch (value) {
            case String text -> out.rawText(text);
            case Integer i -> out.decimal(i);
            case Long l -> out.decimal(l);
            case null, default -> out.rawText(String.valueOf(value));
        }
        out.write(0x1E);
    }

    /**
     * An extra map's values as a JSON array in the order of its layout's names, null where the row has none
     * (ADR 0015); the names are stored once, in {@link ExtraLayouts}. Feeds' extras are text and numbers:
     * those are written here, escaped as JSON requires; anything else (lists, maps, fractions) goes through
     * Jackson.
     *
     * @return the layout's id, or {@link ExtraLayouts#NONE} when there are too many layouts already and the
     *     row was written as a JSON object of names and values instead
     */
    static int extraValues(CopyBuffer out, Map<String, Object> extra, ExtraLayouts layouts) {
        return extraValues(out, extra, layouts, null, null);
    }

    /**
     * The same, with the values' JSON array already written at the end of {@code encoded} (key version 2), copied
     * rather than encoded again. Hexadecimal values are packed either way (ADR 0023).
     */
    private static int extraValues(CopyBuffer out, Map<String, Object> extra, ExtraLayouts layouts,
            @Nullable CopyBuffer encoded, @Nullable KeySpans spans) {
        String[] shared = ExtraFields.layoutNames(extra);
        int id = shared != null ? layouts.idOf(shared) : layouts.idOf(new java.util.ArrayList<>(extra.keySet()));
        if (id == ExtraLayouts.NONE) {
            // Past the limit of layouts: this row keeps its names.
            out.write('{');
            boolean first = true;
            for (Map.Entry<String, Object> x : extra.entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                jsonString(out, x.getKey());
                out.write(':');
                jsonValue(out, x.getValue());
            }
            out.write('}');
            return id;
        }
        if (encoded != null && spans != null && spans.array >= 0) {
            packedCopy(encoded.array(), spans, encoded.size(), out);
        } else {
            CopyBuffer plain = new CopyBuffer(256);
            KeySpans own = new KeySpans();
            extraArray(plain, extra, shared, own);
            packedCopy(plain.array(), own, plain.size(), out);
        }
        return id;
    }

    /**
     * An extra's values as a JSON array, in the order of its shared names or else of its map, as the feed wrote
     * them (what a key hashes); with where each value starts noted in {@code spans} when given.
     */
    private static void extraArray(CopyBuffer out, Map<String, Object> extra, String @Nullable [] shared,
            @Nullable KeySpans spans) {
        if (spans != null) {
            spans.start(out.size(), shared != null ? shared.length : extra.size());
        }
        out.write('[');
        if (shared != null) {
            boolean ascii = ExtraFields.asciiOnly(extra);
            for (int i = 0; i < shared.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                if (spans != null) {
                    spans.starts[i] = out.size();
                }
                Object value = ExtraFields.slot(extra, i);
                if (ascii && value instanceof String text) {
                    jsonAscii(out, text);
                } else {
                    jsonValue(out, value);
                }
            }
        } else {
            int i = 0;
            for (Object value : extra.values()) {
                if (i > 0) {
                    out.write(',');
                }
                if (spans != null) {
                    spans.starts[i] = out.size();
                }
                i++;
                jsonValue(out, value);
            }
        }
        out.write(']');
    }

    /**
     * Where key version 2 wrote the event's fields ({@link #eventFields}) and the extra's JSON array and each of
     * its values ({@link #extraArray}) in its input, so that a row copies them rather than encode them again:
     * the fields but for the three attribution may complete ({@link #copyFields}), the array with its hexadecimal
     * values packed ({@link #packedCopy}).
     */
    static final class KeySpans {
        /** Where the fields start, -1 before any are written; where the source's AS, network, country, region are; the end. */
        int fields = -1;
        int asn;
        int network;
        int cc;
        int region;
        int fieldsEnd;
        /** Where the array's {@code [} is; -1 before any is written. */
        int array = -1;
        int[] starts = new int[32];
        int count;

        void start(int at, int values) {
            array = at;
            count = values;
            if (starts.length < values) {
                starts = new int[Math.max(values, 2 * starts.length)];
            }
        }
    }

    /**
     * Copies the JSON array {@code src[spans.array, end)} into a row, each hexadecimal string value packed by
     * {@link HexValues} (ADR 0023); runs of other values are copied as they are.
     */
    static void packedCopy(byte[] src, KeySpans spans, int end, CopyBuffer out) {
        int from = spans.array;
        for (int i = 0; i < spans.count; i++) {
            int start = spans.starts[i];
            // A value ends before the next one's comma, the last before the closing bracket.
            int stop = i + 1 < spans.count ? spans.starts[i + 1] - 1 : end - 1;
            if (HexValues.mayPack(src, start, stop) && HexValues.pack(src, start, stop, out, from)) {
                from = stop;
            }
        }
        out.write(src, from, end - from);
    }

    static void jsonValue(CopyBuffer out, @Nullable Object value) {
        switch (value) {
            case null -> out.rawText("null");
            case String text -> jsonString(out, text);
            case Integer i -> out.rawText(i.toString());
            case Long l -> out.rawText(l.toString());
            case Boolean b -> out.rawText(b.toString());
            default -> JSON.writeValue(out, value);
        }
    }

    /** The extra map of a stored row: a JSON array with its layout (ADR 0015), or a JSON object without. */
    private static Map<String, Object> extraOf(String text, @Nullable Integer layout, ExtraLayouts layouts) {
        if (layout == null) {
            return JSON.readValue(text, MAP);
        }
        List<String> names = layouts.names(layout);
        boolean packed = layouts.packed(layout);
        List<Object> values = JSON.readValue(text, LIST);
        Map<String, Object> map = new java.util.TreeMap<>();
        for (int i = 0; i < names.size() && i < values.size(); i++) {
            Object value = values.get(i);
            if (value != null) {
                map.put(names.get(i), packed && value instanceof String stored ? HexValues.read(stored) : value);
            }
        }
        return map;
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * {@link #jsonString} for text known to be ASCII: its characters copied as bytes straight into the buffer
     * (no array per value), checked for what JSON must escape, and written by {@link #jsonString} if anything is.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): each char's low byte, exact for ASCII
    static void jsonAscii(CopyBuffer out, String s) {
        int n = s.length();
        int at = out.claim(n + 2);
        byte[] b = out.array();
        b[at] = '"';
        s.getBytes(0, n, b, at + 1);
        int i = at + 1;
        int end = at + n + 1;
        // Eight bytes at a time: the values are long (certificates' names and fingerprints) and almost never
        // need an escape; a byte-by-byte look at them was an eighth of the parse thread.
        boolean escape = false;
        for (; i + Long.BYTES <= end && !escape; i += Long.BYTES) {
            escape = needsEscape((long) LONGS.get(b, i));
        }
        for (; i < end && !escape; i++) {
            byte c = b[i];
            escape = c == '"' || c == '\\' || c < 0x20;
        }
        if (escape) {
            out.truncate(at);
            jsonString(out, s);
            return;
        }
        b[end] = '"';
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * Whether one of eight ASCII bytes is a quote, a backslash or a control character: the classic tests for a
     * zero byte (of the word xor the quote, xor the backslash) and for a byte below 0x20, exact for bytes below
     * 0x80.
     */
    static boolean needsEscape(long word) {
        long quote = word ^ ('"' * ONES);
        long backslash = word ^ ('\\' * ONES);
        long found = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - 0x20 * ONES) & ~word);
        return (found & HIGHS) != 0;
    }

    /**
     * A JSON string: the text's UTF-8 copied whole when nothing in it needs an escape (feeds' values almost
     * never do), else written piece by piece with the escapes.
     */
    private static void jsonString(CopyBuffer out, String s) {
        out.write('"');
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            // Bytes of multi-byte UTF-8 characters are negative and never need an escape.
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                out.write(b, from, i - from);
                out.write('\\');
                switch (c) {
                    case '"' -> out.write('"');
                    case '\\' -> out.write('\\');
                    case '\n' -> out.write('n');
                    case '\r' -> out.write('r');
                    case '\t' -> out.write('t');
                    default -> {
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX_DIGITS[c >> 4]);
                        out.write(HEX_DIGITS[c & 0xF]);
                    }
                }
                from = i + 1;
            }
        }
        out.write(b, from, b.length - from);
        out.write('"');
    }

    /**
     * One row of binary COPY for the events table, in {@link #COLUMNS} order. Binary, so that PostgreSQL
     * parses no text for dates, times, addresses, numbers and keys: on a shared machine its CPU is the limit.
     *
     * @param line the row's line in the job's file, where its raw text stays (ADR 0012)
     */
    static void appendBinary(CopyBuffer out, UUID jobId, byte[] key, Event e, @Nullable UUID holder, long line,
            ExtraLayouts layouts) {
        appendBinary(out, jobId, key, e, holder, e.sourceAsn(), e.sourceAsName(), e.sourceGeolocationCc(), line, layouts,
                null, null);
    }

    /**
     * The same, with the source's AS, AS name and country as attribution completed them (the ingest's
     * enrichment, written straight into the row rather than into a copy of the event), and the extra's JSON
     * array already encoded for key version 2 ({@link #keyInputV2}).
     *
     * @param spans where that array and its values are in {@code encoded}; null for none
     */
    static void appendBinary(CopyBuffer out, UUID jobId, byte[] key, Event e, @Nullable UUID holder,
            @Nullable Long sourceAsn, @Nullable String sourceAsName, @Nullable String sourceCc, long line,
            ExtraLayouts layouts, @Nullable CopyBuffer encoded, @Nullable KeySpans spans) {
        out.int16(COLUMN_COUNT);
        date(out, day(e));
        uuid(out, jobId);
        out.int32(key.length);
        out.write(key, 0, key.length);
        uuid(out, holder);
        time(out, e.timeSource());
        time(out, e.timeObservation());
        if (encoded != null && spans != null && spans.fields >= 0) {
            copyFields(out, encoded.array(), spans, sourceAsn, sourceAsName, sourceCc);
        } else {
            eventFields(out, e, sourceAsn, sourceAsName, sourceCc, null);
        }
        if (e.extra().isEmpty()) {
            out.nullField();
            out.nullField();
        } else {
            // Text (ADR 0015), written straight into the buffer as a JSON array, then its layout.
            int lengthAt = out.size();
            out.int32(0);
            int layout = extraValues(out, e.extra(), layouts, encoded, spans);
            out.putInt(lengthAt, out.size() - lengthAt - 4);
            if (layout == ExtraLayouts.NONE) {
                out.nullField();
            } else {
                out.int32(4);
                out.int32(layout);
            }
        }
        if (line > 0) {
            out.int32(8);
            out.int64(line);
        } else {
            out.nullField();
        }
    }

    /**
     * The event's fields from {@code classification.taxonomy} to {@code tlp}, in {@link #COLUMNS} order, as a row
     * and key version 2 both write them; the source's AS, AS name and country as given (enriched for a row, as
     * the feed said for a key).
     */
    private static void eventFields(CopyBuffer out, Event e, @Nullable Long sourceAsn, @Nullable String sourceAsName,
            @Nullable String sourceCc, @Nullable KeySpans spans) {
        if (spans != null) {
            spans.fields = out.size();
        }
        text(out, e.classification().taxonomy());
        text(out, e.classification().type());
        text(out, e.classificationIdentifier());
        inet(out, e.sourceIp(), -1);
        int4(out, e.sourcePort());
        if (spans != null) {
            spans.asn = out.size();
        }
        int8(out, sourceAsn);
        text(out, sourceAsName);
        if (spans != null) {
            spans.network = out.size();
        }
        if (e.sourceNetwork() == null) {
            out.nullField();
        } else {
            inet(out, e.sourceNetwork().network(), e.sourceNetwork().length());
        }
        text(out, e.sourceFqdn());
        text(out, e.sourceReverseDns());
        text(out, e.sourceUrl());
        text(out, e.sourceAccount());
        if (spans != null) {
            spans.cc = out.size();
        }
        text(out, sourceCc);
        if (spans != null) {
            spans.region = out.size();
        }
        text(out, e.sourceGeolocationRegion());
        text(out, e.sourceGeolocationCity());
        inet(out, e.destinationIp(), -1);
        int4(out, e.destinationPort());
        int8(out, e.destinationAsn());
        text(out, e.destinationFqdn());
        text(out, e.destinationReverseDns());
        text(out, e.destinationUrl());
        text(out, e.destinationGeolocationCc());
        text(out, e.protocolTransport());
        text(out, e.protocolApplication());
        text(out, e.malwareName());
        text(out, e.feedName());
        text(out, e.feedProvider());
        if (e.feedAccuracy() == null) {
            out.nullField();
        } else {
            out.int32(8);
            out.int64(Double.doubleToLongBits(e.feedAccuracy()));
        }
        text(out, e.feedCode());
        text(out, e.tlp() == null ? null : e.tlp().label());
        if (spans != null) {
            spans.fieldsEnd = out.size();
        }
    }

    /**
     * {@link #eventFields} for a row, copied from what key version 2 wrote of them ({@link #keyInputV2}) but for
     * the source's AS, AS name and country, which the row has as attribution completed them: every other field
     * encoded once a row instead of twice.
     */
    private static void copyFields(CopyBuffer out, byte[] key, KeySpans spans, @Nullable Long sourceAsn,
            @Nullable String sourceAsName, @Nullable String sourceCc) {
        out.write(key, spans.fields, spans.asn - spans.fields);
        int8(out, sourceAsn);
        text(out, sourceAsName);
        out.write(key, spans.network, spans.cc - spans.network);
        text(out, sourceCc);
        out.write(key, spans.region, spans.fieldsEnd - spans.region);
    }

    // Binary COPY fields, also for the other tables the ingest writes (EventStore).

    /** A date field of binary COPY: days since 2000-01-01. */
    static void date(CopyBuffer out, LocalDate day) {
        out.int32(4);
        out.int32((int) (day.toEpochDay() - PG_EPOCH_DAY));
    }

    static void text(CopyBuffer out, @Nullable String s) {
        if (s == null) {
            out.nullField();
        } else {
            out.text(s);
        }
    }

    private static void int4(CopyBuffer out, @Nullable Integer v) {
        if (v == null) {
            out.nullField();
        } else {
            out.int32(4);
            out.int32(v);
        }
    }

    static void int8(CopyBuffer out, @Nullable Long v) {
        if (v == null) {
            out.nullField();
        } else {
            out.int32(8);
            out.int64(v);
        }
    }

    static void uuid(CopyBuffer out, @Nullable UUID id) {
        if (id == null) {
            out.nullField();
        } else {
            out.int32(16);
            out.int64(id.getMostSignificantBits());
            out.int64(id.getLeastSignificantBits());
        }
    }

    /** timestamptz: microseconds since 2000-01-01 UTC. */
    private static void time(CopyBuffer out, @Nullable Instant t) {
        if (t == null) {
            out.nullField();
        } else {
            out.int32(8);
            out.int64((t.getEpochSecond() - PG_EPOCH_SECOND) * 1_000_000L + t.getNano() / 1_000);
        }
    }

    /**
     * inet and cidr: family (PostgreSQL's 2 for IPv4, 3 for IPv6), prefix bits, is-cidr flag, address length,
     * address bytes.
     *
     * @param prefixLength -1 for a host address (inet), else the cidr's length
     */
    private static void inet(CopyBuffer out, IpPrefix.@Nullable IpAddress a, int prefixLength) {
        if (a == null) {
            out.nullField();
            return;
        }
        byte[] bytes = a.bytes();
        out.int32(4 + bytes.length);
        out.write(a.v6() ? 3 : 2);
        out.write(prefixLength < 0 ? bytes.length * 8 : prefixLength);
        out.write(prefixLength < 0 ? 0 : 1);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** The columns {@link #read} needs, for a select list. */
    public static final String SELECT = "id, holder_id, time_source, time_observation, classification_taxonomy, "
            + "classification_type, classification_identifier, host(source_ip) as source_ip, source_port, source_asn, "
            + "source_as_name, source_network::text as source_network, source_fqdn, source_reverse_dns, source_url, "
            + "source_account, source_geolocation_cc, source_geolocation_region, source_geolocation_city, "
            + "host(destination_ip) as destination_ip, destination_port, destination_asn, destination_fqdn, "
            + "destination_reverse_dns, destination_url, destination_geolocation_cc, protocol_transport, "
            + "protocol_application, malware_name, feed_name, feed_provider, feed_accuracy, feed_code, tlp, "
            + "extra, extra_layout";

    /** An event from a row selected with {@link #SELECT}. */
    public static Event read(ResultSet rs, ExtraLayouts layouts) throws SQLException {
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
                .holderId(rs.getString("holder_id"));
        String extra = rs.getString("extra");
        if (extra != null) {
            b.extra(extraOf(extra, (Integer) rs.getObject("extra_layout"), layouts));
        }
        return b.build();
    }

    /**
     * A row selected with {@link #SELECT} as the JSON object {@link Event#toIntelMq()} gives for the event
     * {@link #read} would make (same names, order and value forms; {@code raw} is not stored, ADR 0012), written
     * as it is read: the extras are copied token by token from the stored JSON text.
     */
    public static void writeIntelMq(JsonGenerator g, ResultSet rs, ExtraLayouts layouts) throws SQLException {
        writeIntelMq(g, rs, layouts, false, null);
    }

    /**
     * {@link #writeIntelMq(JsonGenerator, ResultSet)}, with {@code raw} last when {@code withRaw}: the Base64 of
     * the text's UTF-8 as {@link Event#toIntelMq()} writes it, or null when it could not be read back.
     */
    public static void writeIntelMq(JsonGenerator g, ResultSet rs, ExtraLayouts layouts, boolean withRaw,
            @Nullable String raw) throws SQLException {
        g.writeStartObject();
        timeField(g, EventField.TIME_SOURCE, rs.getTimestamp("time_source"));
        timeField(g, EventField.TIME_OBSERVATION, rs.getTimestamp("time_observation"));
        textField(g, EventField.CLASSIFICATION_TAXONOMY, rs.getString("classification_taxonomy"));
        textField(g, EventField.CLASSIFICATION_TYPE, rs.getString("classification_type"));
        textField(g, EventField.CLASSIFICATION_IDENTIFIER, rs.getString("classification_identifier"));
        String ip = rs.getString("source_ip");
        textField(g, EventField.SOURCE_IP, ip == null ? null : address(ip).toString());
        numberField(g, EventField.SOURCE_PORT, (Number) rs.getObject("source_port"));
        numberField(g, EventField.SOURCE_ASN, (Number) rs.getObject("source_asn"));
        textField(g, EventField.SOURCE_AS_NAME, rs.getString("source_as_name"));
        String network = rs.getString("source_network");
        textField(g, EventField.SOURCE_NETWORK, network == null ? null : IpPrefix.parse(network).toString());
        textField(g, EventField.SOURCE_FQDN, rs.getString("source_fqdn"));
        textField(g, EventField.SOURCE_REVERSE_DNS, rs.getString("source_reverse_dns"));
        textField(g, EventField.SOURCE_URL, rs.getString("source_url"));
        textField(g, EventField.SOURCE_ACCOUNT, rs.getString("source_account"));
        textField(g, EventField.SOURCE_GEOLOCATION_CC, rs.getString("source_geolocation_cc"));
        textField(g, EventField.SOURCE_GEOLOCATION_REGION, rs.getString("source_geolocation_region"));
        textField(g, EventField.SOURCE_GEOLOCATION_CITY, rs.getString("source_geolocation_city"));
        String dip = rs.getString("destination_ip");
        textField(g, EventField.DESTINATION_IP, dip == null ? null : address(dip).toString());
        numberField(g, EventField.DESTINATION_PORT, (Number) rs.getObject("destination_port"));
        numberField(g, EventField.DESTINATION_ASN, (Number) rs.getObject("destination_asn"));
        textField(g, EventField.DESTINATION_FQDN, rs.getString("destination_fqdn"));
        textField(g, EventField.DESTINATION_REVERSE_DNS, rs.getString("destination_reverse_dns"));
        textField(g, EventField.DESTINATION_URL, rs.getString("destination_url"));
        textField(g, EventField.DESTINATION_GEOLOCATION_CC, rs.getString("destination_geolocation_cc"));
        textField(g, EventField.PROTOCOL_TRANSPORT, rs.getString("protocol_transport"));
        textField(g, EventField.PROTOCOL_APPLICATION, rs.getString("protocol_application"));
        textField(g, EventField.MALWARE_NAME, rs.getString("malware_name"));
        textField(g, EventField.FEED_NAME, rs.getString("feed_name"));
        textField(g, EventField.FEED_PROVIDER, rs.getString("feed_provider"));
        numberField(g, EventField.FEED_ACCURACY, (Number) rs.getObject("feed_accuracy"));
        textField(g, EventField.FEED_CODE, rs.getString("feed_code"));
        Tlp tlp = Tlp.parseOrNull(rs.getString("tlp"));
        textField(g, EventField.TLP, tlp == null ? null : tlp.label());
        String extra = rs.getString("extra");
        if (extra != null) {
            Integer layout = (Integer) rs.getObject("extra_layout");
            try (JsonParser p = JSON.createParser(extra)) {
                if (layout == null && p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        g.writeName("extra." + p.currentName());
                        p.nextToken();
                        g.copyCurrentStructure(p);
                    }
                } else if (layout != null && p.nextToken() == JsonToken.START_ARRAY) {
                    List<String> names = layouts.names(layout);
                    boolean packed = layouts.packed(layout);
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        if (p.currentToken() == JsonToken.VALUE_NULL || i >= names.size()) {
                            p.skipChildren();
                            continue;
                        }
                        g.writeName("extra." + names.get(i));
                        if (packed && p.currentToken() == JsonToken.VALUE_STRING) {
                            g.writeString(HexValues.read(p.getString()));
                        } else {
                            g.copyCurrentStructure(p);
                        }
                    }
                }
            }
        }
        if (withRaw) {
            g.writeName(EventField.RAW.intelMqName());
            if (raw == null) {
                g.writeNull();
            } else {
                g.writeString(java.util.Base64.getEncoder().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        g.writeEndObject();
    }

    private static void timeField(JsonGenerator g, EventField field, @Nullable Timestamp t) {
        if (t != null) {
            g.writeName(field.intelMqName());
            g.writeString(FieldText.format(t.toInstant()));
        }
    }

    private static void textField(JsonGenerator g, EventField field, @Nullable String value) {
        if (value != null) {
            g.writeName(field.intelMqName());
            g.writeString(value);
        }
    }

    private static void numberField(JsonGenerator g, EventField field, @Nullable Number value) {
        if (value != null) {
            g.writeName(field.intelMqName());
            g.writePOJO(value);
        }
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static IpPrefix.@Nullable IpAddress address(@Nullable String text) {
        return text == null ? null : IpPrefix.IpAddress.parse(text);
    }
}
