package lat.warp.events.internal.parsers;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lat.warp.events.Classification;
import lat.warp.events.EventField;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A saved, named way to read a generic CSV file: which column holds which IntelMQ field.
 *
 * @param name the mapping's name (also the events' {@code feed.name} unless the context gives one)
 * @param delimiter the character between columns
 * @param hasHeader whether the first line names the columns; without one, columns are named by their
 *     1-based position ({@code "1"}, {@code "2"}, …)
 * @param columns column name (or position) → IntelMQ field name ({@code source.ip}, {@code time.source},
 *     {@code classification.type}, …) or {@code extra.<name>}; a blank field name drops the column. Columns
 *     not named here go to {@code extra.<column>} (without a header, {@code extra.column_<n>})
 * @param timeFormat how the time columns are written: null or blank for ISO 8601 (as
 *     {@link lat.warp.events.internal.FieldText#instant} reads), {@code epoch} or {@code epoch_ms} for Unix
 *     time in seconds or milliseconds, or a {@link DateTimeFormatter} pattern such as
 *     {@code dd/MM/yyyy HH:mm} (read as UTC when it has no zone)
 * @param defaultClassification the classification of rows that give none, or null when every row must
 *     give one (then a column must be mapped to {@code classification.type})
 * @param defaultTlp the TLP of the events, or null for the context's
 */
public record ColumnMapping(String name, char delimiter, boolean hasHeader, Map<String, String> columns,
        @Nullable String timeFormat, @Nullable Classification defaultClassification, @Nullable Tlp defaultTlp) {

    public ColumnMapping {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "A column mapping needs a name.");
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new InvalidInputException("delimiter", "A quote or a line break cannot separate columns.");
        }
        if (columns == null || columns.isEmpty()) {
            throw new InvalidInputException("columns", "A column mapping needs at least one column.");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        boolean type = false;
        for (Map.Entry<String, String> e : columns.entrySet()) {
            String column = e.getKey() == null ? "" : e.getKey().strip();
            String field = e.getValue() == null ? "" : e.getValue().strip();
            if (column.isEmpty()) {
                throw new InvalidInputException("columns", "A mapped column has no name.");
            }
            if (!hasHeader && !column.chars().allMatch(Character::isDigit)) {
                throw new InvalidInputException("columns", "Without a header, columns are named by position (1, 2, …), not '"
                        + column + "'.");
            }
            if (!field.isEmpty() && !field.startsWith("extra.")) {
                EventField f = EventField.byName(field);
                if (f == null || f == EventField.RAW) {
                    wrong.add(field);
                }
                type |= f == EventField.CLASSIFICATION_TYPE;
            } else if (field.equals("extra.")) {
                wrong.add(field);
            }
            copy.put(column, field);
        }
        if (!wrong.isEmpty()) {
            List<String> known = new ArrayList<>(EventField.names());
            known.remove("raw");
            throw new InvalidInputException("columns", "Unknown event fields: " + String.join(", ", wrong)
                    + ". Use one of " + String.join(", ", known) + ", or extra.<name>.");
        }
        if (!type && defaultClassification == null) {
            throw new InvalidInputException("defaultClassification",
                    "Map a column to classification.type or give a default classification.");
        }
        if (defaultClassification != null && !Taxonomy.rsit().isValid(defaultClassification)) {
            defaultClassification = Taxonomy.rsit().normalise(defaultClassification.taxonomy(), defaultClassification.type());
        }
        if (timeFormat != null && !timeFormat.isBlank() && !timeFormat.equals("epoch") && !timeFormat.equals("epoch_ms")) {
            try {
                DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("timeFormat", "Not a time pattern: '" + timeFormat + "' (" + e.getMessage() + ").");
            }
        }
        columns = java.util.Collections.unmodifiableMap(copy);
    }
}
