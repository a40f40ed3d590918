package lat.warp.reporting.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How the reporting pages write times (UTC, to the minute) and durations (the SLA clocks, the queue's
 * waiting time). The templates call it as {@code ${@reportingTime.at(...)}}; the notation is the same in
 * the three languages.
 */
@Component("reportingTime")
public class ReportingTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FORM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    public String at(@Nullable Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }

    /** The value of a datetime-local field. */
    public String form(@Nullable Instant instant) {
        return instant == null ? "" : FORM.format(instant);
    }

    /** A duration as days, hours and minutes: {@code 2 d 3 h}, {@code 4 h 05 min}, {@code 12 min}. */
    public String duration(Duration duration) {
        Duration d = duration.isNegative() ? duration.negated() : duration;
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        String text = days > 0 ? days + " d " + hours + " h"
                : hours > 0 ? hours + " h " + String.format("%02d", minutes) + " min"
                : minutes + " min";
        return duration.isNegative() ? "−" + text : text;
    }
}
