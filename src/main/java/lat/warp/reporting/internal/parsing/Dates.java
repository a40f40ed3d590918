package lat.warp.reporting.internal.parsing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import jakarta.mail.internet.MailDateFormat;
import org.jspecify.annotations.Nullable;

/** Reads the dates reports carry: ISO-8601 (JSON, IODEF, X-ARF 4) and RFC 5322 (mail, X-ARF 0.2, ARF). */
final class Dates {

    private Dates() {
    }

    /** The instant, or null when the text is no date this class knows. */
    static @Nullable Instant parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 100) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            // xs:dateTime without an offset (IODEF allows it): read as UTC.
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            Date date = new MailDateFormat().parse(s);
            return date == null ? null : date.toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }
}
