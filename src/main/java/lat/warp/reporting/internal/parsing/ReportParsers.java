package lat.warp.reporting.internal.parsing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one entry point that turns a raw report into a {@link ParsedReport}. It never throws on bad
 * input: what it cannot understand becomes a problem on the result, for manual triage.
 *
 * <p>This first version reads plain text only; the structured formats (JSON, e-mail, X-ARF, ARF,
 * IODEF) are added behind the same method.
 */
public final class ReportParsers {

    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}(?![\\d.])");
    private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s<>\"']+", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b");

    private ReportParsers() {
    }

    /**
     * @param raw the report exactly as received
     * @param contentType the declared media type, e.g. {@code text/plain}, {@code message/rfc822}; null if unknown
     */
    public static ParsedReport parse(byte[] raw, @Nullable String contentType) {
        String text = new String(raw, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        List<Indicator> indicators = indicatorsIn(text);
        if (indicators.isEmpty()) {
            problems.add("No address, URL, host name or e-mail address found in the report.");
        }
        String firstLine = text.strip().lines().findFirst().orElse("");
        return new ParsedReport(ReportFormat.TEXT, firstLine.length() > 200 ? firstLine.substring(0, 200) : firstLine,
                null, null, null, null, text, indicators, List.of(), problems);
    }

    /** Every IPv4 address, URL and e-mail address in free text, in order of first appearance. */
    public static List<Indicator> indicatorsIn(String text) {
        Set<Indicator> found = new LinkedHashSet<>();
        add(found, IndicatorKind.URL, URL.matcher(text), false);
        add(found, IndicatorKind.EMAIL, EMAIL.matcher(text), true);
        add(found, IndicatorKind.IP, IPV4.matcher(text), false);
        return List.copyOf(found);
    }

    private static void add(Set<Indicator> found, IndicatorKind kind, Matcher m, boolean lowerCase) {
        while (m.find()) {
            String value = m.group();
            found.add(new Indicator(kind, lowerCase ? value.toLowerCase(Locale.ROOT) : value));
        }
    }
}
