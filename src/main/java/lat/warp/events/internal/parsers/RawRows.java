package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads back the {@code raw} of stored events from their job's archived file (ADR 0012: an event keeps only
 * its job and the line its row starts on). One sequential pass with the same {@link CsvReader} the parsers
 * used, so a row's text is exactly what the parser saw as {@code raw} (a quoted field's line breaks
 * included, the row's own line break not); gzip is unpacked as at intake; the reading stops after the last
 * line asked for.
 */
public final class RawRows {

    /** The delimiter to pass for a JSON Lines file. */
    public static final char JSON_LINES = CsvReader.LINES;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawRows() {
    }

    /**
     * The raw text of the rows starting at the given lines, by line; a line that starts no row (the file
     * is shorter, or changed) is absent.
     *
     * @param in the archived file, gzip or not; not closed here
     * @param delimiter {@code ','} for Shadowserver, the mapping's for csv, {@link #JSON_LINES} for jsonl
     */
    public static Map<Long, String> read(InputStream in, char delimiter, SortedSet<Long> lines) throws IOException {
        Map<Long, String> out = new HashMap<>();
        if (lines.isEmpty()) {
            return out;
        }
        long last = lines.last();
        CsvReader csv = new CsvReader(TextInput.open(in), delimiter, Math.max(ShadowserverParser.MAX_RECORD_CHARS,
                Math.max(CsvMappingParser.MAX_RECORD_CHARS, JsonLinesParser.MAX_LINE_CHARS)));
        while (csv.next()) {
            long line = csv.line();
            if (line > last) {
                break;
            }
            if (lines.contains(line)) {
                String text = csv.raw();
                out.put(line, delimiter == JSON_LINES ? jsonLineRaw(text) : text);
            }
        }
        return out;
    }

    /**
     * A JSON Lines event's raw: the {@code raw} it came with (an IntelMQ event carries its source's data in
     * Base64; decoded as the parser did), else the line itself.
     */
    static String jsonLineRaw(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode raw = node == null ? null : node.get("raw");
            if (raw != null && raw.isString()) {
                // as Event.fromIntelMq decodes it: MIME Base64 of strict UTF-8, else the value as it is
                String value = raw.asString();
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(Base64.getMimeDecoder().decode(value))).toString();
                } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException notBase64) {
                    return value;
                }
            }
        } catch (JacksonException e) {
            // not JSON: the parser refused it, so no event points at it; the line as it is
        }
        return line;
    }
}
