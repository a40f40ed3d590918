package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import lat.warp.events.Event;
import lat.warp.events.EventField;
import lat.warp.events.internal.parsers.CsvReader.RecordTooLongException;
import lat.warp.shared.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON Lines in IntelMQ's event format: one JSON object per line with dotted field names
 * ({@code {"source.ip": "200.7.84.10", "classification.type": "scanner", ...}}), as IntelMQ's file output
 * writes them and {@link Event#toIntelMq()} makes them. Nested objects are read as dotted names too
 * ({@code {"source": {"ip": ...}}}), except {@code extra}, which is the object of extra fields. Blank lines
 * are skipped. Fields the event lacks are filled from the context: {@code time.observation},
 * {@code tlp} (else {@link FeedContext#DEFAULT_TLP}) and the feed's name, provider and accuracy.
 *
 * <p>A line is rejected, with its number and reason, when it is not a JSON object, when a value does not
 * fit its field, or when its classification is unknown; the file is refused as a whole only when it is not
 * UTF-8 or a line is longer than {@link #MAX_LINE_CHARS}.
 */
public final class JsonLinesParser implements FeedParser {

    /** The longest line accepted, in characters. */
    static final int MAX_LINE_CHARS = 1 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public ParseResult parse(InputStream in, FeedContext context, EventSink sink) throws IOException {
        CsvReader lines = new CsvReader(TextInput.open(in), CsvReader.LINES, MAX_LINE_CHARS);
        Problems problems = new Problems(sink);
        long rows = 0;
        long accepted = 0;
        String failure = null;
        try {
            while (lines.next()) {
                String line = lines.raw();
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                try {
                    sink.accept(event(line, context), lines.line());
                    accepted++;
                } catch (InvalidInputException e) {
                    problems.add(lines.line(), "Field " + e.field() + ": " + e.getMessage(), line);
                } catch (JacksonException e) {
                    problems.add(lines.line(), "Not a JSON object: " + e.getOriginalMessage(), line);
                } catch (IllegalArgumentException e) {
                    problems.add(lines.line(), e.getMessage() == null ? "Not a valid event." : e.getMessage(), line);
                }
            }
        } catch (RecordTooLongException e) {
            failure = "Line " + lines.nextLine() + " is longer than " + MAX_LINE_CHARS
                    + " characters: this is not a JSON Lines file of events.";
        } catch (IOException e) {
            failure = TextInput.contentProblem(e, lines.nextLine());
            if (failure == null) {
                throw e;
            }
        }
        return new ParseResult(context.feedName(), rows, accepted, problems.count(), problems.first(), failure);
    }

    /** One line's event. */
    static Event event(String line, FeedContext context) {
        Object parsed = JSON.readValue(line, Object.class);
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new InvalidInputException("line", "The line is not a JSON object.");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", object, flat);
        Event event = Event.fromIntelMq(flat);
        if (event.timeObservation() != null && event.tlp() != null && event.feedName() != null
                && (event.feedProvider() != null || context.feedProvider() == null)
                && (event.feedAccuracy() != null || context.feedAccuracy() == null)) {
            return event;
        }
        Event.Builder b = event.toBuilder();
        if (event.timeObservation() == null) {
            b.timeObservation(context.observedAt());
        }
        if (event.tlp() == null) {
            b.tlp(context.tlp() != null ? context.tlp() : FeedContext.DEFAULT_TLP);
        }
        if (event.feedName() == null) {
            b.feedName(context.feedName());
        }
        if (event.feedProvider() == null) {
            b.feedProvider(context.feedProvider());
        }
        if (event.feedAccuracy() == null) {
            b.feedAccuracy(context.feedAccuracy());
        }
        return b.build();
    }

    private static void flatten(String prefix, Map<?, ?> object, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : object.entrySet()) {
            String name = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested && !name.equals("extra") && !name.startsWith("extra.")
                    && EventField.byName(name) == null) {
                flatten(name + ".", nested, out);
            } else {
                out.put(name, value);
            }
        }
    }
}
