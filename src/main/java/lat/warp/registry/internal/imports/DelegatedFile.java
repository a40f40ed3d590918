package lat.warp.registry.internal.imports;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A delegated-statistics file as read by {@link DelegatedStatsParser}.
 *
 * @param header the version line; null when it is missing or malformed (then {@code problems} says so)
 * @param records the well-formed record lines, in file order
 * @param problems everything wrong with the file; an import must be refused unless this is empty
 * @param summaryCounts the counts of the summary lines by type ({@code ipv4}, {@code ipv6}, {@code asn})
 */
public record DelegatedFile(
        @Nullable Header header,
        List<DelegatedRecord> records,
        List<LineProblem> problems,
        Map<String, Integer> summaryCounts) {

    public DelegatedFile {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
        summaryCounts = Map.copyOf(summaryCounts);
    }

    /**
     * Whether the file may be imported. A file with any problem is refused as a whole: a truncated or
     * garbled file would otherwise silently drop resources from the registry.
     */
    public boolean acceptable() {
        return problems.isEmpty() && header != null;
    }

    /**
     * The version line {@code version|registry|serial|records|startdate|enddate|UTCoffset}.
     *
     * @param line its line number
     * @param version the format version, e.g. {@code 2.3} (AFRINIC writes {@code 2})
     * @param registry the registry that published the file, e.g. {@code lacnic}
     * @param serial the serial number, in practice the file's date as {@code yyyymmdd}
     * @param records the number of record lines the file declares
     * @param startDate the earliest date in the file; null when given as {@code 00000000} (AFRINIC)
     * @param endDate the latest date in the file; null when given as {@code 00000000}
     * @param utcOffset the registry's offset from UTC as written, e.g. {@code -0300}
     */
    public record Header(
            int line,
            String version,
            String registry,
            String serial,
            int records,
            @Nullable LocalDate startDate,
            @Nullable LocalDate endDate,
            String utcOffset) {
    }
}
