package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lat.warp.events.Event;
import lat.warp.events.EventField;
import lat.warp.events.ExtraFields;
import lat.warp.events.internal.parsers.CsvReader.RecordTooLongException;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a generic CSV file with a saved {@link ColumnMapping}: each mapped column goes to its IntelMQ field
 * (checked and normalised as {@link Event.Builder#set} does), every other column to {@code extra.<column>}.
 * {@link #preview} shows the first rows' events and problems without a sink, so that a user can check a
 * mapping before applying it to the whole file.
 *
 * <p>A row is rejected, with its line number and reason, when it has another number of columns than the
 * header (or, without a header, than the first row), when a value does not fit its field, or when it has no
 * valid classification. The file is refused as a whole when it is empty, not UTF-8, uses another delimiter
 * than the mapping's, or lacks a column the mapping names.
 */
public final class CsvMappingParser implements FeedParser {

    /** The longest row accepted, in characters. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    private static final char[] CANDIDATE_DELIMITERS = {',', ';', '\t', '|'};

    private final ColumnMapping mapping;
    private final @Nullable DateTimeFormatter timeFormatter;

    public CsvMappingParser(ColumnMapping mapping) {
        this.mapping = mapping;
        String format = mapping.timeFormat();
        this.timeFormatter = format == null || format.isBlank() || format.equals("epoch") || format.equals("epoch_ms")
                ? null : DateTimeFormatter.ofPattern(format, Locale.ROOT);
    }

    public ColumnMapping mapping() {
        return mapping;
    }

    /**
     * The first rows of a file read with a mapping, for "preview, then apply".
     *
     * @param columns the file's column names as the mapping sees them
     * @param events the events of the rows read
     * @param problems the rows of those rejected
     * @param failure why the file would be refused as a whole, or null
     */
    public record Preview(List<String> columns, List<Event> events, List<RowProblem> problems,
            @Nullable String failure) {

        public Preview {
            columns = List.copyOf(columns);
            events = List.copyOf(events);
            problems = List.copyOf(problems);
        }
    }

    /** Reads the first {@code rows} data rows of a file with a mapping; nothing else is read or kept. */
    public static Preview preview(InputStream in, ColumnMapping mapping, int rows) throws IOException {
        List<Event> events = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        EventSink sink = new EventSink() {
            @Override
            public void accept(Event event) {
                events.add(event);
            }

            @Override
            public void reject(RowProblem problem) {
                problems.add(problem);
            }
        };
        CsvMappingParser parser = new CsvMappingParser(mapping);
        Run run = parser.new Run(in, FeedContext.of(null, Instant.now()), sink, Math.max(0, rows));
        run.readAll();
        return new Preview(run.columnNames, events, problems, run.failure);
    }

    @Override
    public ParseResult parse(InputStream in, FeedContext context, EventSink sink) throws IOException {
        Run run = new Run(in, context, sink, Long.MAX_VALUE);
        run.readAll();
        return new ParseResult(context.feedName() != null ? context.feedName() : mapping.name(), run.rows,
                run.accepted, run.problems.count(), run.problems.first(), run.failure);
    }

    private final class Run {
        private final CsvReader csv;
        private final FeedContext context;
        private final EventSink sink;
        private final Problems problems;
        private final long maxRows;
        private @Nullable String failure;
        private long rows;
        private long accepted;
        private List<String> columnNames = List.of();
        private @Nullable EventField[] fields = new EventField[0];
        private int[] slots = new int[0];
        private String[] labels = new String[0];
        private ExtraFields.Layout layout = ExtraFields.layout(List.of());
        private final Event.Builder builder = Event.builder();

        Run(InputStream in, FeedContext context, EventSink sink, long maxRows) throws IOException {
            this.csv = new CsvReader(TextInput.open(in), mapping.delimiter(), MAX_RECORD_CHARS);
            this.context = context;
            this.sink = sink;
            this.problems = new Problems(sink);
            this.maxRows = maxRows;
        }

        void readAll() throws IOException {
            try {
                read();
            } catch (RecordTooLongException e) {
                failure = "A row starting at line " + csv.nextLine() + " is longer than " + MAX_RECORD_CHARS
                        + " characters: this is not a CSV file.";
            } catch (IOException e) {
                failure = TextInput.contentProblem(e, csv.nextLine());
                if (failure == null) {
                    throw e;
                }
            }
        }

        private void read() throws IOException {
            boolean more = csv.next();
            while (more && csv.blank()) {
                more = csv.next();
            }
            if (!more) {
                failure = "The file is empty.";
                return;
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < csv.count(); i++) {
                names.add(mapping.hasHeader() ? csv.field(i).strip() : String.valueOf(i + 1));
            }
            columnNames = names;
            if (names.size() == 1 && expectsSeveralColumns()) {
                String other = otherDelimiter(csv.raw());
                if (other != null) {
                    failure = "The file seems to separate its columns with " + other + ", but the mapping '"
                            + mapping.name() + "' says " + describe(mapping.delimiter()) + ".";
                    return;
                }
            }
            if (!plan(names)) {
                return;
            }
            if (mapping.hasHeader()) {
                more = csv.next();
            }
            while (more && rows < maxRows) {
                if (!csv.blank()) {
                    rows++;
                    row();
                }
                more = csv.next();
            }
        }

        private boolean expectsSeveralColumns() {
            if (mapping.columns().size() > 1) {
                return true;
            }
            return !mapping.hasHeader() && mapping.columns().keySet().stream().anyMatch(k -> !k.equals("1"));
        }

        private boolean plan(List<String> names) {
            Map<String, String> byColumn = new HashMap<>();
            Map<String, String> byLowerColumn = new HashMap<>();
            mapping.columns().forEach((column, field) -> {
                byColumn.put(column, field);
                byLowerColumn.put(column.toLowerCase(Locale.ROOT), field);
            });
            Set<String> found = new HashSet<>();
            int n = names.size();
            fields = new EventField[n];
            slots = new int[n];
            labels = new String[n];
            String[] extraNames = new String[n];
            List<String> extras = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String column = names.get(i);
                String field = byColumn.get(column);
                if (field == null) {
                    field = byLowerColumn.get(column.toLowerCase(Locale.ROOT));
                }
                labels[i] = mapping.hasHeader() ? "'" + column + "'" : String.valueOf(i + 1);
                if (field != null) {
                    found.add(column.toLowerCase(Locale.ROOT));
                }
                String extraName = null;
                if (field == null) {
                    extraName = mapping.hasHeader() ? column : "column_" + (i + 1);
                } else if (field.startsWith("extra.")) {
                    extraName = field.substring(6);
                } else if (!field.isEmpty()) {
                    fields[i] = EventField.byName(field);
                }
                if (extraName != null) {
                    if (extraName.isEmpty()) {
                        extraName = "column_" + (i + 1);
                    }
                    String unique = extraName;
                    for (int k = 2; extras.contains(unique); k++) {
                        unique = extraName + "_" + k;
                    }
                    extras.add(unique);
                    extraNames[i] = unique;
                }
            }
            List<String> missing = new ArrayList<>();
            for (String column : mapping.columns().keySet()) {
                if (!found.contains(column.toLowerCase(Locale.ROOT))) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                failure = mapping.hasHeader()
                        ? "The file lacks columns that the mapping '" + mapping.name() + "' reads: "
                                + String.join(", ", missing) + ". The file's columns are: " + String.join(", ", names) + "."
                        : "The mapping '" + mapping.name() + "' reads columns " + String.join(", ", missing)
                                + " but the first row has only " + n + ".";
                return false;
            }
            layout = ExtraFields.layout(extras);
            for (int i = 0; i < n; i++) {
                slots[i] = extraNames[i] == null ? -1 : layout.slotOf(extraNames[i]);
            }
            return true;
        }

        private void row() {
            long line = csv.line();
            String problem = csv.shapeProblem(fields.length, "");
            if (problem != null) {
                reject(line, problem);
                return;
            }
            int n = csv.count();
            Event.Builder b = builder.reset();
            b.timeObservation(context.observedAt())
                    .feedName(context.feedName() != null ? context.feedName() : mapping.name())
                    .feedProvider(context.feedProvider())
                    .feedAccuracy(context.feedAccuracy())
                    .tlp(mapping.defaultTlp() != null ? mapping.defaultTlp()
                            : context.tlp() != null ? context.tlp() : FeedContext.DEFAULT_TLP);
            @Nullable Object[] extras = new Object[layout.size()];
            boolean typeGiven = false;
            int typeColumn = -1;
            for (int i = 0; i < n; i++) {
                if (csv.isEmpty(i)) {
                    continue;
                }
                String value = csv.field(i);
                EventField field = fields[i];
                if (field == null) {
                    if (slots[i] >= 0) {
                        extras[slots[i]] = value;
                    }
                    continue;
                }
                if (value.isBlank()) {
                    continue;
                }
                try {
                    if (field.kind() == EventField.Kind.TIME && timeFormatter != null || isEpoch(field)) {
                        Instant t = time(value);
                        if (field == EventField.TIME_SOURCE) {
                            b.timeSource(t);
                        } else {
                            b.timeObservation(t);
                        }
                    } else {
                        b.set(field, value);
                    }
                } catch (InvalidInputException e) {
                    reject(line, "Column " + labels[i] + " (" + field.intelMqName() + "): " + e.getMessage());
                    return;
                }
                if (field == EventField.CLASSIFICATION_TYPE) {
                    typeGiven = true;
                    typeColumn = i;
                }
            }
            if (!typeGiven && mapping.defaultClassification() != null) {
                b.classification(mapping.defaultClassification());
            }
            b.extra(layout.map(extras)).raw(csv.raw());
            Event event;
            try {
                event = b.build();
            } catch (InvalidInputException e) {
                reject(line, typeColumn >= 0 && e.field().startsWith("classification.")
                        ? "Column " + labels[typeColumn] + " (classification.type): " + e.getMessage() : e.getMessage());
                return;
            }
            sink.accept(event, line);
            accepted++;
        }

        private boolean isEpoch(EventField field) {
            String f = mapping.timeFormat();
            return field.kind() == EventField.Kind.TIME && f != null && (f.equals("epoch") || f.equals("epoch_ms"));
        }

        private Instant time(String value) {
            String text = value.strip();
            String format = mapping.timeFormat();
            try {
                if ("epoch".equals(format) || "epoch_ms".equals(format)) {
                    BigDecimal n = new BigDecimal(text);
                    if ("epoch_ms".equals(format)) {
                        return Instant.ofEpochMilli(n.longValueExact());
                    }
                    long seconds = n.longValue();
                    int nanos = n.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
                    return Instant.ofEpochSecond(seconds, nanos);
                }
                TemporalAccessor parsed = timeFormatter.parseBest(text, ZonedDateTime::from, LocalDateTime::from,
                        LocalDate::from);
                if (parsed instanceof ZonedDateTime z) {
                    return z.toInstant();
                }
                if (parsed instanceof LocalDateTime l) {
                    return l.toInstant(ZoneOffset.UTC);
                }
                return ((LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new InvalidInputException("time", "Not a time in the format '" + format + "': "
                        + Problems.quote(text) + ".");
            }
        }

        private void reject(long line, String reason) {
            problems.add(line, reason, csv.raw());
        }
    }

    private @Nullable String otherDelimiter(String line) {
        char best = 0;
        int bestCount = 0;
        for (char d : CANDIDATE_DELIMITERS) {
            if (d == mapping.delimiter()) {
                continue;
            }
            int count = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == d) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = d;
                bestCount = count;
            }
        }
        return bestCount == 0 ? null : describe(best);
    }

    private static String describe(char delimiter) {
        return switch (delimiter) {
            case ',' -> "commas (,)";
            case ';' -> "semicolons (;)";
            case '\t' -> "tabs";
            case '|' -> "vertical bars (|)";
            default -> "'" + delimiter + "'";
        };
    }
}
