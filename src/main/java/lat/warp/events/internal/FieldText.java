package lat.warp.events.internal;

import java.nio.CharBuffer;
import lat.warp.registry.AddressText;
import java.time.Instant;
import lat.warp.registry.IpPrefix.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Reads the typed values of event fields straight out of a character buffer, without regular
 * expressions, intermediate strings or exceptions: the parsers call these millions of times. Every method
 * reads {@code text[from, to)}, ignores blanks around the value and answers "not valid" with a sentinel
 * (null, -1), never by throwing. The {@code String} overloads serve the slower paths (JSON, mappings).
 */
public final class FieldText {

    /** Returned for text that is not a valid number of the kind asked for. */
    public static final long INVALID = -1;

    private static final long MAX_ASN = 0xFFFF_FFFFL;

    private FieldText() {
    }

    // ---- addresses

    /**
     * An IPv4 address (dotted quad, no leading zeros) or IPv6 address (RFC 4291 text forms, no zone);
     * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is read as IPv4, as {@code IpAddress.parse} does. Null when
     * the text is no address: never a host name, never a DNS lookup.
     */
    public static @Nullable IpAddress ip(char[] text, int from, int to) {
        while (from < to && text[from] == ' ') {
            from++;
        }
        while (to > from && text[to - 1] == ' ') {
            to--;
        }
        if (to - from < 2 || to - from > 45) {
            return null;
        }
        boolean colon = false;
        for (int i = from; i < to; i++) {
            if (text[i] == ':') {
                colon = true;
                break;
            }
        }
        if (!colon) {
            long v4 = ipv4(text, from, to);
            return v4 < 0 ? null : new IpAddress(false, 0, v4);
        }
        long[] out = new long[2];
        if (!ipv6(text, from, to, out)) {
            return null;
        }
        if (out[0] == 0 && (out[1] >>> 32) == 0xFFFFL) {
            return new IpAddress(false, 0, out[1] & 0xFFFF_FFFFL);
        }
        return new IpAddress(true, out[0], out[1]);
    }

    public static @Nullable IpAddress ip(String text) {
        return ip(text.toCharArray(), 0, text.length());
    }

    /** The IPv4 address in {@code text[from, to)} as an unsigned 32-bit number, or {@link #INVALID}. */
    public static long ipv4(char[] text, int from, int to) {
        return AddressText.parseIpv4(CharBuffer.wrap(text), from, to);
    }

    /**
     * Parses the IPv6 address in {@code text[from, to)} into {@code out[0]} (upper 64 bits) and
     * {@code out[1]} (lower 64 bits); returns whether it was one.
     */
    public static boolean ipv6(char[] text, int from, int to, long[] out) {
        return AddressText.parseIpv6(CharBuffer.wrap(text), from, to, out);
    }

    // ---- numbers

    /** A port number 0–65535, or {@link #INVALID}. */
    public static int port(char[] text, int from, int to) {
        long n = unsigned(text, from, to, 65_535);
        return (int) n;
    }

    public static int port(String text) {
        return port(text.toCharArray(), 0, text.length());
    }

    /**
     * An AS number 0–4294967295, written bare or with an {@code AS} prefix ({@code AS28000}), or
     * {@link #INVALID}.
     */
    public static long asn(char[] text, int from, int to) {
        while (from < to && text[from] == ' ') {
            from++;
        }
        if (to - from > 2 && (text[from] == 'A' || text[from] == 'a') && (text[from + 1] == 'S' || text[from + 1] == 's')) {
            from += 2;
        }
        return unsigned(text, from, to, MAX_ASN);
    }

    public static long asn(String text) {
        return asn(text.toCharArray(), 0, text.length());
    }

    /** The non-negative decimal number in {@code text[from, to)} up to {@code max}, or {@link #INVALID}. */
    public static long unsigned(char[] text, int from, int to, long max) {
        while (from < to && text[from] == ' ') {
            from++;
        }
        while (to > from && text[to - 1] == ' ') {
            to--;
        }
        if (from >= to || to - from > 18) {
            return INVALID;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : INVALID;
    }

    // ---- time

    /**
     * A point in time written the ISO 8601 way, as feeds do: {@code 2024-01-05 10:00:00},
     * {@code 2024-01-05T10:00:00Z}, {@code 2024-01-05T10:00:00.123+00:00}, {@code 2024-01-05 10:00:00 UTC},
     * {@code 2024-01-05T07:00-0300} or a bare date {@code 2024-01-05} (midnight). Without a zone the time is
     * UTC, as Shadowserver's are. Null when the text is no such time.
     */
    public static @Nullable Instant instant(char[] t, int from, int to) {
        while (from < to && t[from] == ' ') {
            from++;
        }
        while (to > from && t[to - 1] == ' ') {
            to--;
        }
        if (to - from < 10) {
            return null;
        }
        int year = digits(t, from, 4);
        int month = digits(t, from + 5, 2);
        int day = digits(t, from + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || t[from + 4] != '-' || t[from + 7] != '-'
                || day > daysInMonth(year, month)) {
            return null;
        }
        int i = from + 10;
        long seconds = 0;
        int nanos = 0;
        if (i < to) {
            if ((t[i] != 'T' && t[i] != ' ' && t[i] != 't') || to - i < 6) {
                return null;
            }
            i++;
            int hour = digits(t, i, 2);
            int minute = digits(t, i + 3, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || t[i + 2] != ':') {
                return null;
            }
            i += 5;
            int second = 0;
            if (i < to && t[i] == ':') {
                if (to - i < 3) {
                    return null;
                }
                second = digits(t, i + 1, 2);
                if (second < 0 || second > 59) {
                    return null;
                }
                i += 3;
                if (i < to && (t[i] == '.' || t[i] == ',')) {
                    i++;
                    int start = i;
                    int scale = 100_000_000;
                    while (i < to && t[i] >= '0' && t[i] <= '9') {
                        nanos += (t[i] - '0') * scale;
                        scale /= 10;
                        i++;
                    }
                    if (i == start || i - start > 9) {
                        return null;
                    }
                }
            }
            seconds = hour * 3600L + minute * 60L + second;
            // The zone: nothing, Z, +HH:MM, +HHMM, +HH, or " UTC" / " GMT", perhaps after a blank.
            if (i < to && t[i] == ' ') {
                i++;
            }
            if (i < to) {
                char c = t[i];
                if ((c == 'Z' || c == 'z') && i + 1 == to) {
                    i++;
                } else if (to - i == 3 && isUtcWord(t, i)) {
                    i = to;
                } else if (c == '+' || c == '-') {
                    int sign = c == '+' ? 1 : -1;
                    int oh = digits(t, i + 1, 2);
                    if (oh < 0 || oh > 18 || to - i < 3) {
                        return null;
                    }
                    int om = 0;
                    int rest = to - i - 3;
                    if (rest == 3 && t[i + 3] == ':') {
                        om = digits(t, i + 4, 2);
                    } else if (rest == 2) {
                        om = digits(t, i + 3, 2);
                    } else if (rest != 0) {
                        return null;
                    }
                    if (om < 0 || om > 59) {
                        return null;
                    }
                    seconds -= sign * (oh * 3600L + om * 60L);
                    i = to;
                } else {
                    return null;
                }
            }
        }
        if (i != to) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + seconds, nanos);
    }

    public static @Nullable Instant instant(String text) {
        return instant(text.toCharArray(), 0, text.length());
    }

    /** IntelMQ's form of a time: {@code 2024-01-05T10:00:00+00:00} (fractions only when there are some). */
    public static String format(Instant instant) {
        String s = instant.toString();
        return s.endsWith("Z") ? s.substring(0, s.length() - 1) + "+00:00" : s;
    }

    private static boolean isUtcWord(char[] t, int i) {
        char a = Character.toUpperCase(t[i]);
        char b = Character.toUpperCase(t[i + 1]);
        char c = Character.toUpperCase(t[i + 2]);
        return (a == 'U' && b == 'T' && c == 'C') || (a == 'G' && b == 'M' && c == 'T');
    }

    private static int digits(char[] t, int at, int count) {
        if (at < 0 || at + count > t.length) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = t[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    // ---- small texts

    /** A two-letter (or digit) country code, upper-cased, or null. */
    public static @Nullable String countryCode(char[] t, int from, int to) {
        while (from < to && t[from] == ' ') {
            from++;
        }
        while (to > from && t[to - 1] == ' ') {
            to--;
        }
        if (to - from != 2) {
            return null;
        }
        char a = Character.toUpperCase(t[from]);
        char b = Character.toUpperCase(t[from + 1]);
        if (!isAsciiAlnum(a) || !isAsciiAlnum(b)) {
            return null;
        }
        return String.valueOf(new char[] {a, b});
    }

    public static @Nullable String countryCode(String text) {
        return countryCode(text.toCharArray(), 0, text.length());
    }

    /**
     * A DNS name as IntelMQ keeps it: lower case, without a final dot. Null when the text holds a blank,
     * a slash or another character no host name has, or is an IP address.
     */
    public static @Nullable String hostName(char[] t, int from, int to) {
        while (from < to && t[from] == ' ') {
            from++;
        }
        while (to > from && t[to - 1] == ' ') {
            to--;
        }
        if (to > from && t[to - 1] == '.') {
            to--;
        }
        if (from >= to || to - from > 255) {
            return null;
        }
        boolean upper = false;
        boolean letter = false;
        for (int i = from; i < to; i++) {
            char c = t[i];
            if (c >= 'A' && c <= 'Z') {
                upper = true;
                letter = true;
            } else if ((c >= 'a' && c <= 'z') || c > 127) {
                letter = true;
            } else if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '*')) {
                return null;
            }
        }
        if (!letter && ipv4(t, from, to) != INVALID) {
            return null;
        }
        String s = new String(t, from, to - from);
        return upper ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }

    public static @Nullable String hostName(String text) {
        return hostName(text.toCharArray(), 0, text.length());
    }

    /**
     * A URL with a scheme and a host, as IntelMQ requires ({@code hxxp://} and {@code hxxps://} are
     * defanged spellings and read as {@code http://}, {@code https://}); null otherwise.
     */
    public static @Nullable String url(String text) {
        String s = text.strip();
        if (s.regionMatches(true, 0, "hxxp://", 0, 7)) {
            s = "http://" + s.substring(7);
        } else if (s.regionMatches(true, 0, "hxxps://", 0, 8)) {
            s = "https://" + s.substring(8);
        }
        int scheme = s.indexOf("://");
        if (scheme <= 0 || scheme + 3 >= s.length()) {
            return null;
        }
        for (int i = 0; i < scheme; i++) {
            char c = s.charAt(i);
            if (!(isAsciiAlnum(c) || c == '+' || c == '-' || c == '.')) {
                return null;
            }
        }
        char first = s.charAt(scheme + 3);
        if (first == '/' || first == ' ' || first == '?' || first == '#') {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return null;
            }
        }
        return s;
    }

    /**
     * A protocol name (IntelMQ's {@code protocol.transport} / {@code protocol.application}): lower case,
     * printable ASCII without blanks, at most 100 characters; null otherwise.
     */
    public static @Nullable String protocol(char[] t, int from, int to) {
        while (from < to && t[from] == ' ') {
            from++;
        }
        while (to > from && t[to - 1] == ' ') {
            to--;
        }
        if (from >= to || to - from > 100) {
            return null;
        }
        boolean upper = false;
        for (int i = from; i < to; i++) {
            char c = t[i];
            if (c <= ' ' || c > '~') {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
        }
        String s = new String(t, from, to - from);
        return upper ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }

    public static @Nullable String protocol(String text) {
        return protocol(text.toCharArray(), 0, text.length());
    }

    /** A malware name, lower case, printable ASCII (IntelMQ's rule), or null. */
    public static @Nullable String malwareName(char[] t, int from, int to) {
        while (from < to && t[from] == ' ') {
            from++;
        }
        while (to > from && t[to - 1] == ' ') {
            to--;
        }
        if (from >= to || to - from > 200) {
            return null;
        }
        boolean upper = false;
        for (int i = from; i < to; i++) {
            char c = t[i];
            if (c < ' ' || c > '~') {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
        }
        String s = new String(t, from, to - from);
        return upper ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }

    public static @Nullable String malwareName(String text) {
        return malwareName(text.toCharArray(), 0, text.length());
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
