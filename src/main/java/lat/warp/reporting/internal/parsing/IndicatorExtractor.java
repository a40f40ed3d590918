package lat.warp.reporting.internal.parsing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.AddressText;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * Finds and normalises indicators: in free text ({@link #extract}) and in a single value a structured
 * report names explicitly ({@link #classify}).
 *
 * <p>Rules, chosen to be conservative (a wrong indicator sends a warning to the wrong member):
 * <ul>
 * <li>Defanged text is refanged first: {@code hxxp://}, {@code hXXps://}, {@code [.]}, {@code (.)},
 *     {@code {.}}, {@code [dot]}, {@code [:]}, {@code [@]}.</li>
 * <li>IPv4 dotted quads and IPv6 text forms, validated by {@link AddressText} and written in canonical
 *     form (RFC 5952 for IPv6). A CIDR prefix ({@code 192.0.2.7/24}) is noted as its network address
 *     ({@code 192.0.2.0}); a prefix shorter than /8 (IPv4) or /16 (IPv6) is ignored and the address kept.
 *     {@code 0.0.0.0} and {@code ::} are ignored.</li>
 * <li>URLs with scheme {@code http}, {@code https} or {@code ftp}; each also yields its host (a host
 *     name, or an IP for an address literal). Scheme and host are lower-cased, the rest is kept.</li>
 * <li>E-mail addresses, lower-cased.</li>
 * <li>Bare host names only with a public-looking top-level domain: a common generic TLD from a fixed
 *     list, or a two-letter country code. Two-letter codes that are also common file extensions
 *     ({@code .py}, {@code .sh}, {@code .md}, {@code .pl}, {@code .do}...) count only with three labels or
 *     more ({@code gob.do}, {@code com.py}), so that {@code setup.py} or {@code report.csv} are not hosts.</li>
 * </ul>
 * Results keep the order of first appearance, without duplicates, and stop at a cap.
 */
public final class IndicatorExtractor {

    /** What {@link #extract} found, and whether it stopped at the cap. */
    public record Extraction(List<Indicator> indicators, boolean capped) {
    }

    private static final Pattern DEFANGED_SCHEME = Pattern.compile("(?i)\\bh(?:xx|\\*\\*|\\[xx\\])p(s?)(?=://)");
    private static final Pattern DEFANGED_DOT = Pattern.compile("(?i)\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)");
    private static final Pattern DEFANGED_COLON = Pattern.compile("\\[:\\]|\\[://\\]");
    private static final Pattern DEFANGED_AT = Pattern.compile("(?i)\\[@\\]|\\[at\\]");

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s<>\"'`{}|\\\\^]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,16}[A-Za-z]{2,63})(?![\\w-]|\\.[A-Za-z0-9])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?:/(\\d{1,2}))?(?!\\.?[\\w-])");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:.])([0-9A-Fa-f:]{2,39}(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?)(?:/(\\d{1,3}))?(?![\\w])");
    private static final Pattern HOST = Pattern.compile(
            "(?<![\\w.@-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,16}([A-Za-z]{2,24}))(?!\\.?[\\w-])");
    private static final Pattern HOST_EXACT = Pattern.compile(
            "(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\\.){1,126}[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern EMAIL_EXACT = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(.+)");

    /** Generic top-level domains that count as public-looking in free text. */
    private static final Set<String> GENERIC_TLDS = Set.of("com", "net", "org", "info", "biz", "edu", "gov", "mil",
            "int", "arpa", "name", "pro", "mobi", "asia", "tel", "xyz", "top", "online", "site", "website", "club",
            "shop", "store", "app", "dev", "cloud", "live", "life", "tech", "space", "fun", "icu", "vip", "work",
            "link", "click", "buzz", "email", "today", "world", "news", "blog", "page", "digital", "network",
            "services", "solutions", "support", "systems", "center", "company", "global", "group", "host", "hosting",
            "lat", "web", "bank", "finance", "money", "cam", "rest", "bar", "best", "monster", "cyou", "sbs", "cfd",
            "quest", "bond", "lol", "pw", "agency", "media", "social", "ltd", "inc", "llc");

    /** Two-letter country codes that are also common file extensions: hosts only with three labels or more. */
    private static final Set<String> AMBIGUOUS_CC_TLDS = Set.of("ai", "am", "bz", "cc", "cf", "do", "in", "la",
            "md", "mk", "ml", "mm", "mo", "ms", "pl", "pm", "ps", "py", "rs", "sh", "so", "tf");

    /** Two-letter file extensions that are no country code: never hosts in free text. */
    private static final Set<String> FILE_EXTENSIONS = Set.of("cs", "db", "el", "ex", "go", "gz", "hh", "hs", "jl",
            "js", "kt", "lz", "po", "rb", "ts", "ui", "vb", "xz");

    /** Shorter prefixes than these are taken as typing, not networks: the address alone is noted. */
    private static final int MIN_IPV4_PREFIX = 8;
    private static final int MIN_IPV6_PREFIX = 16;

    private IndicatorExtractor() {
    }

    /** Every indicator in free text, in order of first appearance, at most {@code max} of them. */
    public static Extraction extract(CharSequence input, int max) {
        String text = refang(input);
        List<Hit> hits = new ArrayList<>();
        boolean capped = false;
        char[] masked = text.toCharArray();

        Map<Indicator, Integer> urls = new LinkedHashMap<>();
        Matcher m = URL.matcher(text);
        boolean full = false;
        while (!full && m.find()) {
            String candidate = trimUrl(m.group());
            for (Indicator i : url(candidate)) {
                full |= !put(urls, i, m.start(), max);
            }
            mask(masked, m.start(), m.start() + candidate.length());
        }
        collect(hits, urls);
        capped |= full;
        full = false;

        String afterUrls = new String(masked);
        Map<Indicator, Integer> emails = new LinkedHashMap<>();
        m = EMAIL.matcher(afterUrls);
        while (!full && m.find()) {
            full |= !put(emails, email(m.group()), m.start(), max);
            mask(masked, m.start(), m.end());
        }
        collect(hits, emails);
        capped |= full;
        full = false;

        String rest = new String(masked);
        Map<Indicator, Integer> ips = new LinkedHashMap<>();
        m = IPV4.matcher(rest);
        while (!full && m.find()) {
            String ip = ipv4(m.group(1), m.group(2));
            full |= !put(ips, ip == null ? null : new Indicator(IndicatorKind.IP, ip), m.start(), max);
        }
        m = IPV6.matcher(rest);
        while (!full && m.find()) {
            String ip = ipv6(m.group(1), m.group(2));
            full |= !put(ips, ip == null ? null : new Indicator(IndicatorKind.IP, ip), m.start(), max);
        }
        collect(hits, ips);
        capped |= full;
        full = false;

        Map<Indicator, Integer> hosts = new LinkedHashMap<>();
        m = HOST.matcher(rest);
        while (!full && m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (publicLooking(name, m.group(2).toLowerCase(Locale.ROOT))) {
                full |= !put(hosts, new Indicator(IndicatorKind.HOSTNAME, name), m.start(), max);
            }
        }
        collect(hits, hosts);
        capped |= full;

        hits.sort(Comparator.comparingInt(Hit::offset));
        Set<Indicator> ordered = new LinkedHashSet<>();
        for (Hit hit : hits) {
            if (ordered.size() >= max && !ordered.contains(hit.indicator())) {
                capped = true;
                break;
            }
            ordered.add(hit.indicator());
        }
        return new Extraction(List.copyOf(ordered), capped);
    }

    /**
     * Reads one value a structured report names as an indicator: an address or prefix, a URL (with its
     * host), an e-mail address ({@code mailto:} allowed) or a host name (any syntactically valid one).
     *
     * @return the indicators, the first being the value itself; empty when it is none of these
     */
    public static List<Indicator> classify(@Nullable String value) {
        if (value == null) {
            return List.of();
        }
        String s = refang(value.strip());
        if (s.isEmpty() || s.length() > 2048) {
            return List.of();
        }
        int slash = s.indexOf('/');
        if (slash < 0 || s.indexOf("://") < 0) {
            String address = slash < 0 ? s : s.substring(0, slash);
            String length = slash < 0 ? null : s.substring(slash + 1);
            String ip = address.indexOf(':') >= 0 ? ipv6(address, length) : ipv4(address, length);
            if (ip != null) {
                return List.of(new Indicator(IndicatorKind.IP, ip));
            }
        }
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7);
            int q = s.indexOf('?');
            if (q >= 0) {
                s = s.substring(0, q);
            }
        }
        if (s.indexOf("://") > 0) {
            return url(s);
        }
        if (s.indexOf('@') > 0) {
            Indicator email = email(s);
            return email == null ? List.of() : List.of(email);
        }
        String host = hostName(s);
        return host == null ? List.of() : List.of(new Indicator(IndicatorKind.HOSTNAME, host));
    }

    /** Undoes the usual ways of defanging indicators. */
    public static String refang(CharSequence text) {
        String s = text.toString();
        if (s.indexOf('[') >= 0 || s.indexOf('(') >= 0 || s.indexOf('{') >= 0) {
            s = DEFANGED_DOT.matcher(s).replaceAll(".");
            s = DEFANGED_COLON.matcher(s).replaceAll(mr -> mr.group().length() > 3 ? "://" : ":");
            s = DEFANGED_AT.matcher(s).replaceAll("@");
        }
        return DEFANGED_SCHEME.matcher(s).replaceAll("http$1");
    }

    private record Hit(int offset, Indicator indicator) {
    }

    /** Adds a new indicator unless the pass already has {@code max}; false only when it did not fit. */
    private static boolean put(Map<Indicator, Integer> found, @Nullable Indicator indicator, int offset, int max) {
        if (indicator == null || found.containsKey(indicator)) {
            return true;
        }
        if (found.size() >= max) {
            return false;
        }
        found.put(indicator, offset);
        return true;
    }

    private static void collect(List<Hit> hits, Map<Indicator, Integer> found) {
        found.forEach((indicator, offset) -> hits.add(new Hit(offset, indicator)));
    }

    private static void mask(char[] masked, int from, int to) {
        for (int i = from; i < to; i++) {
            masked[i] = ' ';
        }
    }

    /** Drops punctuation that ends a sentence rather than the URL, and unbalanced closing brackets. */
    private static String trimUrl(String url) {
        int end = url.length();
        while (end > 0) {
            char c = url.charAt(end - 1);
            if (".,;:!?'\"*".indexOf(c) >= 0) {
                end--;
            } else if (c == ')' && count(url, end, '(') < count(url, end, ')')) {
                end--;
            } else if (c == ']' && count(url, end, '[') < count(url, end, ']')) {
                end--;
            } else {
                break;
            }
        }
        return url.substring(0, end);
    }

    private static int count(String s, int end, char c) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** The URL and its host, or nothing when the host is no host name or address. */
    private static List<Indicator> url(String candidate) {
        int schemeEnd = candidate.indexOf("://");
        if (schemeEnd <= 0 || candidate.length() > 2048) {
            return List.of();
        }
        String scheme = candidate.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ftp")) {
            return List.of();
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < candidate.length() && "/?#".indexOf(candidate.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = candidate.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        String host;
        String port = "";
        Indicator hostIndicator;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return List.of();
            }
            String ip = ipv6(hostPort.substring(1, close), null);
            if (ip == null) {
                return List.of();
            }
            host = "[" + ip + "]";
            port = hostPort.substring(close + 1);
            hostIndicator = new Indicator(IndicatorKind.IP, ip);
        } else {
            int colon = hostPort.indexOf(':');
            String name = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon) : "";
            String ip = ipv4(name, null);
            if (ip != null) {
                host = ip;
                hostIndicator = new Indicator(IndicatorKind.IP, ip);
            } else {
                String hostName = hostName(name);
                if (hostName == null) {
                    return List.of();
                }
                host = hostName;
                hostIndicator = new Indicator(IndicatorKind.HOSTNAME, hostName);
            }
        }
        if (!port.isEmpty() && !port.matches(":\\d{0,5}")) {
            return List.of();
        }
        String normalised = scheme + "://" + userInfo + host + port + candidate.substring(authorityEnd);
        return List.of(new Indicator(IndicatorKind.URL, normalised), hostIndicator);
    }

    private static @Nullable Indicator email(String candidate) {
        String s = candidate.toLowerCase(Locale.ROOT);
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        Matcher m = EMAIL_EXACT.matcher(s);
        if (!m.matches() || s.length() > 254) {
            return null;
        }
        String domain = hostName(m.group(1));
        if (domain == null || domain.indexOf('.') < 0) {
            return null;
        }
        return new Indicator(IndicatorKind.EMAIL, s.substring(0, s.indexOf('@') + 1) + domain);
    }

    /** A syntactically valid host name with at least two labels, lower case, no trailing dot; else null. */
    static @Nullable String hostName(String candidate) {
        String s = candidate.toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 253 || !HOST_EXACT.matcher(s).matches()) {
            return null;
        }
        return s;
    }

    private static boolean publicLooking(String name, String tld) {
        if (GENERIC_TLDS.contains(tld)) {
            return true;
        }
        if (tld.length() != 2 || FILE_EXTENSIONS.contains(tld)) {
            return false;
        }
        if (AMBIGUOUS_CC_TLDS.contains(tld)) {
            int dots = 0;
            for (int i = 0; i < name.length(); i++) {
                if (name.charAt(i) == '.') {
                    dots++;
                }
            }
            return dots >= 2;
        }
        return true;
    }

    /** The canonical IPv4 address (the network's, for a prefix), or null when it is none. */
    static @Nullable String ipv4(String address, @Nullable String prefixLength) {
        long v = AddressText.parseIpv4(address, 0, address.length());
        if (v == AddressText.INVALID || v == 0) {
            return null;
        }
        int length = 32;
        if (prefixLength != null) {
            long parsed = AddressText.parseUnsigned(prefixLength, 0, prefixLength.length(), 32);
            // A prefix shorter than /8 names no one's network: the address alone is kept.
            length = parsed < MIN_IPV4_PREFIX ? 32 : (int) parsed;
        }
        IpPrefix prefix = IpPrefix.v4(v, length);
        return prefix.lo() == 0 ? null : prefix.network().toString();
    }

    /** The canonical IPv6 address (RFC 5952; the network's, for a prefix), or null when it is none. */
    static @Nullable String ipv6(String address, @Nullable String prefixLength) {
        String a = address;
        int colons = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) == ':') {
                colons++;
            }
        }
        if (colons < 2) {
            return null;
        }
        long[] out = new long[2];
        if (!AddressText.parseIpv6(a, 0, a.length(), out)) {
            // "…was 2001:db8::1:" – a colon that ends the sentence, not the address.
            if (!a.endsWith(":") || a.endsWith("::") || !AddressText.parseIpv6(a, 0, a.length() - 1, out)) {
                return null;
            }
        }
        if (out[0] == 0 && out[1] == 0) {
            return null;
        }
        int length = 128;
        if (prefixLength != null) {
            long parsed = AddressText.parseUnsigned(prefixLength, 0, prefixLength.length(), 128);
            length = parsed < MIN_IPV6_PREFIX ? 128 : (int) parsed;
        }
        IpPrefix prefix = IpPrefix.v6(out[0], out[1], length);
        return prefix.hi() == 0 && prefix.lo() == 0 ? null : prefix.network().toString();
    }
}
