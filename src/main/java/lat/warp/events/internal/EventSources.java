package lat.warp.events.internal;

import java.util.List;
import java.util.Locale;
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
    public static final List<String> FORMATS = List.of("shadowserver", "jsonl");

    // Parsing the Shadowserver schema once: the parser is stateless and shared by every job.
    private final ShadowserverParser shadowserver = new ShadowserverParser();
    private final JsonLinesParser jsonLines = new JsonLinesParser();

    /** The format in its canonical spelling, or a refusal naming the supported ones. */
    public String checkFormat(@Nullable String format) {
        String f = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new InvalidInputException("format", "Unsupported format '" + (format == null ? "" : format)
                    + "'; supported: " + String.join(", ", FORMATS) + ".");
        }
        return f;
    }

    public FeedParser parser(String format) {
        return switch (checkFormat(format)) {
            case "shadowserver" -> shadowserver;
            case "jsonl" -> jsonLines;
            default -> throw new FeedFileException("Unsupported format '" + format + "'.");
        };
    }
}
