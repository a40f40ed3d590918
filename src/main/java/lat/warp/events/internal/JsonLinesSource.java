package lat.warp.events.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import lat.warp.events.Event;
import lat.warp.shared.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON Lines in IntelMQ's event form ({@link Event#fromIntelMq}): one object a line, blank lines skipped. */
final class JsonLinesSource implements EventSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int RAW_LIMIT = 2_000;

    @Override
    public void read(InputStream in, EventSink sink) throws IOException {
        // Strict UTF-8: a file in another encoding fails whole instead of storing mangled text.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        long line = 0;
        String text;
        while (true) {
            try {
                text = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new FeedFileException("Line " + (line + 1) + " is not UTF-8 text; JSON Lines files must be UTF-8.");
            }
            if (text == null) {
                return;
            }
            line++;
            if (text.isBlank()) {
                continue;
            }
            Map<String, Object> fields;
            try {
                fields = JSON.readValue(text, MAP);
            } catch (JacksonException e) {
                sink.reject(line, "not a JSON object", cut(text));
                continue;
            }
            try {
                Map<String, Object> withRaw = fields;
                if (!fields.containsKey("raw")) {
                    withRaw = new java.util.LinkedHashMap<>(fields);
                    withRaw.put("raw", java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
                }
                sink.event(line, Event.fromIntelMq(withRaw));
            } catch (InvalidInputException | IllegalArgumentException e) {
                sink.reject(line, e.getMessage(), cut(text));
            }
        }
    }

    private static String cut(String text) {
        return text.length() > RAW_LIMIT ? text.substring(0, RAW_LIMIT) : text;
    }
}
