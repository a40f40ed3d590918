package lat.warp.reporting.internal.parsing;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an HTML mail body into plain text for reading and indicator extraction: tags dropped,
 * {@code script} and {@code style} dropped with their content, block elements as line breaks, entities
 * decoded, and each link's target written after its text ({@code text <https://…>}) because phishing
 * reports hide the address there. A single linear pass, no regular expressions over the document.
 */
final class HtmlText {

    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");

    private HtmlText() {
    }

    static String toText(String html) {
        String lower = asciiLower(html);
        StringBuilder out = new StringBuilder(Math.min(html.length(), 1 << 20));
        int i = 0;
        int n = html.length();
        // A link's target, written when its element closes. One at a time: links do not nest.
        String pendingLink = null;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                if (lower.startsWith("<!--", i)) {
                    int end = lower.indexOf("-->", i + 4);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = html.indexOf('>', i + 1);
                if (end < 0) {
                    break;
                }
                String tag = lower.substring(i + 1, end).strip();
                String name = tagName(tag);
                if (name.equals("script") || name.equals("style") || name.equals("head") || name.equals("title")) {
                    int close = lower.indexOf("</" + name, end);
                    i = close < 0 ? n : Math.max(lower.indexOf('>', close) + 1, close + 1);
                    if (i <= 0) {
                        i = n;
                    }
                    continue;
                }
                if (name.equals("br") || name.equals("p") || name.equals("/p") || name.equals("div")
                        || name.equals("/div") || name.equals("tr") || name.equals("li") || name.equals("table")
                        || name.matches("/?h[1-6]") || name.equals("/tr") || name.equals("blockquote")) {
                    out.append('\n');
                } else if (name.equals("td") || name.equals("th")) {
                    out.append(' ');
                } else if (name.equals("a")) {
                    String href = attribute(html.substring(i + 1, end), "href");
                    if (href != null && !href.isBlank() && !href.startsWith("#")) {
                        pendingLink = decode(href.strip());
                    }
                } else if (name.equals("/a") && pendingLink != null) {
                    out.append(" <").append(pendingLink).append('>');
                    pendingLink = null;
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i);
                if (semi > i && semi - i <= 10) {
                    out.append(entity(html.substring(i + 1, semi), html.substring(i, semi + 1)));
                    i = semi + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c == '\r' || c == '\t' ? ' ' : c);
                i++;
            }
        }
        return tidy(out);
    }

    private static String tagName(String tag) {
        int k = 0;
        while (k < tag.length() && !Character.isWhitespace(tag.charAt(k)) && tag.charAt(k) != '>'
                && !(tag.charAt(k) == '/' && k > 0)) {
            k++;
        }
        return tag.substring(0, k);
    }

    private static @Nullable String attribute(String tag, String attr) {
        String lower = asciiLower(tag);
        int from = 0;
        while (true) {
            int at = lower.indexOf(attr, from);
            if (at < 0) {
                return null;
            }
            int k = at + attr.length();
            while (k < tag.length() && Character.isWhitespace(tag.charAt(k))) {
                k++;
            }
            if (at > 0 && Character.isWhitespace(tag.charAt(at - 1)) && k < tag.length() && tag.charAt(k) == '=') {
                k++;
                while (k < tag.length() && Character.isWhitespace(tag.charAt(k))) {
                    k++;
                }
                if (k >= tag.length()) {
                    return null;
                }
                char q = tag.charAt(k);
                if (q == '"' || q == '\'') {
                    int close = tag.indexOf(q, k + 1);
                    return close < 0 ? tag.substring(k + 1) : tag.substring(k + 1, close);
                }
                int e = k;
                while (e < tag.length() && !Character.isWhitespace(tag.charAt(e))) {
                    e++;
                }
                return tag.substring(k, e);
            }
            from = at + 1;
        }
    }

    /** Lower case for ASCII letters only, so that indexes into the result are indexes into the input. */
    private static String asciiLower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
            }
        }
        return new String(chars);
    }

    private static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                b.append(entity(s.substring(i + 1, semi), s.substring(i, semi + 1)));
                i = semi + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static String entity(String name, String raw) {
        String named = ENTITIES.get(name.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            int code = -1;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                code = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                code = Integer.parseInt(name.substring(1));
            }
            if (code > 0 && code <= Character.MAX_CODE_POINT && !Character.isISOControl(code)) {
                return new String(Character.toChars(code));
            }
        } catch (NumberFormatException e) {
            // not a numeric reference: kept as written
        }
        return raw;
    }

    /** Collapses runs of spaces and of blank lines. */
    private static String tidy(StringBuilder text) {
        StringBuilder b = new StringBuilder(text.length());
        int newlines = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                newlines++;
                space = false;
                continue;
            }
            if (c == ' ' || c == '\u00a0') {
                space = true;
                continue;
            }
            if (newlines > 0) {
                if (b.length() > 0) {
                    b.append(newlines > 1 ? "\n\n" : "\n");
                }
                newlines = 0;
            } else if (space && b.length() > 0) {
                b.append(' ');
            }
            space = false;
            b.append(c);
        }
        return b.toString();
    }
}
