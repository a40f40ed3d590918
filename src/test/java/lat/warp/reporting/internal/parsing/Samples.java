package lat.warp.reporting.internal.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The sample reports under {@code src/test/resources/reports}. */
final class Samples {

    static final List<String> ALL = List.of("xarf-0.2-login-attack.eml", "xarf-v4-login-attack.json",
            "xarf-v4-phishing.eml", "arf-feedback.eml", "text-with-csv.eml", "forwarded-phish.eml", "html-only.eml",
            "truncated-mime.eml", "no-address.eml", "warp-report.json", "iodef-1.0-worm.xml",
            "iodef-2.0-phishing.xml", "broken.xml", "xxe.xml", "billion-laughs.xml");

    private Samples() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/reports/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".eml")) {
            return "message/rfc822";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return name.endsWith(".xml") ? "application/xml" : "text/plain";
    }

    static ParsedReport parse(String name) {
        return ReportParsers.parse(bytes(name), contentType(name));
    }

    static Indicator ip(String v) {
        return new Indicator(IndicatorKind.IP, v);
    }

    static Indicator url(String v) {
        return new Indicator(IndicatorKind.URL, v);
    }

    static Indicator host(String v) {
        return new Indicator(IndicatorKind.HOSTNAME, v);
    }

    static Indicator email(String v) {
        return new Indicator(IndicatorKind.EMAIL, v);
    }
}
