package lat.warp.events.internal;

import java.util.List;
import java.util.Locale;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Which {@link EventSource} reads a file of a given format; the one list of formats the intake accepts. */
@Component
public class EventSources {

    /** Formats an upload may name, in the order the refusal message lists them. */
    public static final List<String> FORMATS = List.of("jsonl");

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
     * The reader for a stored job.
     *
     * @param report the report type the sender named, for formats that have several
     * @param fileName the name the file was sent with, from which some formats tell the report type
     */
    public EventSource forJob(String format, @Nullable String report, String fileName) {
        return switch (checkFormat(format)) {
            case "jsonl" -> new JsonLinesSource();
            default -> throw new FeedFileException("Unsupported format '" + format + "'.");
        };
    }
}
