package lat.warp.events.internal;

import java.util.List;
import java.util.Locale;
import lat.warp.events.internal.parsers.CsvMappingParser;
import lat.warp.events.internal.parsers.FeedParser;
import lat.warp.events.internal.parsers.JsonLinesParser;
import lat.warp.events.internal.parsers.ShadowserverParser;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Which {@link FeedParser} reads a file of a given format; the one list of formats the intake accepts. */
@Component
public class EventSources {

    /** Formats an upload may name, in the order the refusal message lists them. */
    public static final List<String> FORMATS = List.of("shadowserver", "jsonl", "csv");

    // Parsing the Shadowserver schema once: the parser is stateless and shared by every job.
    private final ShadowserverParser shadowserver = new ShadowserverParser();
    private final JsonLinesParser jsonLines = new JsonLinesParser();
    private final FeedMappingStore mappings;

    EventSources(FeedMappingStore mappings) {
        this.mappings = mappings;
    }

    /** The format in its canonical spelling, or a refusal naming the supported ones. */
    public String checkFormat(@Nullable String format) {
        String f = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new InvalidInputException("format", "Unsupported format '" + (format == null ? "" : format)
                    + "'; supported: " + String.join(", ", FORMATS) + ".");
        }
        return f;
    }

    /**
     * Checks, at intake, that a csv feed names a saved mapping (and other formats none), so that a job is never
     * queued that could only fail. The refusal names only the mapping asked for, never the saved ones.
     *
     * @return the mapping's name for csv, else null
     */
    public @Nullable String checkMapping(String format, @Nullable String mapping) {
        String m = mapping == null || mapping.isBlank() ? null : mapping.strip();
        if (!format.equals("csv")) {
            if (m != null) {
                throw new InvalidInputException("mapping", "Only the csv format takes a column mapping.");
            }
            return null;
        }
        if (m == null) {
            throw new InvalidInputException("mapping", "The csv format needs the name of a saved column mapping (mapping=NAME).");
        }
        FeedMappingStore.checkName(m);
        if (mappings.find(m).isEmpty()) {
            throw new InvalidInputException("mapping", "There is no saved column mapping named '" + m + "'.");
        }
        return m;
    }

    /** The parser of a job; a csv job's mapping is read now, so a job runs with the mapping as saved when it starts. */
    public FeedParser parser(String format, @Nullable String mapping) {
        return switch (checkFormat(format)) {
            case "shadowserver" -> shadowserver;
            case "jsonl" -> jsonLines;
            case "csv" -> new CsvMappingParser(FeedMappingStore.toColumnMapping(mappings.find(mapping == null ? "" : mapping)
                    .orElseThrow(() -> new FeedFileException("The column mapping '" + mapping
                            + "' of this job no longer exists; save it again and send the file again."))));
            default -> throw new FeedFileException("Unsupported format '" + format + "'.");
        };
    }
}
