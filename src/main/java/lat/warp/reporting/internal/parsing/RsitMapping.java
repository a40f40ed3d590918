package lat.warp.reporting.internal.parsing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import lat.warp.events.Classification;
import lat.warp.events.Taxonomy;
import org.jspecify.annotations.Nullable;

/**
 * Maps the report types of X-ARF (0.2 and 4), ARF and IODEF onto RSIT types. Names are compared
 * without case, spaces, hyphens or underscores ({@code LoginAttack}, {@code login-attack} and
 * {@code login_attack} are one key). A name the tables do not know is tried as an RSIT type or one of
 * the older names {@link Taxonomy} knows; otherwise there is no hint.
 */
public final class RsitMapping {

    /** X-ARF report types (0.2's Report-Type, 4's ReportType and type) to RSIT types. */
    public static final Map<String, String> XARF;
    /** ARF (RFC 5965) Feedback-Type values to RSIT types; {@code not-spam} and {@code other} have none. */
    public static final Map<String, String> ARF;
    /** IODEF 1.0 Impact and 2.0 SystemImpact types to RSIT types. */
    public static final Map<String, String> IODEF;

    static {
        Map<String, String> x = new LinkedHashMap<>();
        for (String k : new String[] {"login-attack", "login_attack", "bruteforce", "brute-force", "auth-failure",
                "ssh", "ftp-login", "rdp-login"}) {
            x.put(key(k), "brute-force");
        }
        for (String k : new String[] {"spam", "bulk-messaging", "abuse", "mail-spam", "comment-spam"}) {
            x.put(key(k), "spam");
        }
        for (String k : new String[] {"phishing", "fraud", "phishing-site"}) {
            x.put(key(k), "phishing");
        }
        for (String k : new String[] {"malware", "malware-attack", "botnet", "bot", "infected", "virus", "worm",
                "trojan"}) {
            x.put(key(k), "infected-system");
        }
        for (String k : new String[] {"malware-distribution", "malware-hosting", "malware-url"}) {
            x.put(key(k), "malware-distribution");
        }
        for (String k : new String[] {"portscan", "port-scan", "scan", "scanner", "scanning", "vuln-scanning",
                "reconnaissance", "info-harvesting"}) {
            x.put(key(k), "scanner");
        }
        for (String k : new String[] {"ddos", "dos", "ddos-amplification", "ddos-attack"}) {
            x.put(key(k), "ddos");
        }
        for (String k : new String[] {"sql-injection", "exploit", "web-attack", "exploit-attempt"}) {
            x.put(key(k), "exploit");
        }
        for (String k : new String[] {"c2", "cnc", "c-and-c", "botnet-cc", "command-and-control"}) {
            x.put(key(k), "c2-server");
        }
        for (String k : new String[] {"compromised-server", "compromised", "compromised-account"}) {
            x.put(key(k), "system-compromise");
        }
        x.put(key("defacement"), "unauthorised-information-modification");
        x.put(key("exposed-data"), "data-leak");
        for (String k : new String[] {"copyright", "trademark", "dmca", "piracy"}) {
            x.put(key(k), "copyright");
        }
        for (String k : new String[] {"child-abuse", "childabuse", "csam", "csem"}) {
            x.put(key(k), "violence");
        }
        for (String k : new String[] {"cve", "vulnerability", "misconfiguration", "open", "open-service"}) {
            x.put(key(k), "vulnerable-system");
        }
        for (String k : new String[] {"blocklist", "blacklist"}) {
            x.put(key(k), "blocklist");
        }
        XARF = Map.copyOf(x);

        ARF = Map.of("abuse", "spam", "fraud", "phishing", "virus", "infected-system", "authfailure", "masquerade");

        Map<String, String> i = new LinkedHashMap<>();
        i.put(key("dos"), "ddos");
        i.put(key("recon"), "scanner");
        i.put(key("social-engineering"), "phishing");
        i.put(key("admin"), "system-compromise");
        i.put(key("user"), "system-compromise");
        i.put(key("file"), "unauthorised-information-modification");
        i.put(key("info-leak"), "data-leak");
        i.put(key("misconfiguration"), "vulnerable-system");
        i.put(key("unknown"), "undetermined");
        i.put(key("takeover-account"), "system-compromise");
        i.put(key("takeover-service"), "system-compromise");
        i.put(key("takeover-system"), "system-compromise");
        i.put(key("availability-service"), "ddos");
        i.put(key("availability-system"), "ddos");
        i.put(key("availability-account"), "ddos");
        i.put(key("breach-proprietary"), "data-leak");
        i.put(key("breach-privacy"), "data-leak");
        i.put(key("breach-credential"), "data-leak");
        i.put(key("breach-configuration"), "data-leak");
        i.put(key("integrity-data"), "unauthorised-information-modification");
        i.put(key("integrity-configuration"), "unauthorised-information-modification");
        IODEF = Map.copyOf(i);
    }

    private RsitMapping() {
    }

    /** The RSIT type for an X-ARF report type; {@code Content}-class malware is malware distribution. */
    public static @Nullable String xarf(@Nullable String reportClass, @Nullable String reportType) {
        String k = key(reportType);
        if (k.equals("malware") && (key(reportClass).equals("content"))) {
            return "malware-distribution";
        }
        String mapped = XARF.get(k);
        return mapped != null ? mapped : rsit(reportType);
    }

    /** The RSIT type for an ARF Feedback-Type. */
    public static @Nullable String arf(@Nullable String feedbackType) {
        return ARF.get(key(feedbackType));
    }

    /** The RSIT type for an IODEF impact type. */
    public static @Nullable String iodef(@Nullable String impactType) {
        String mapped = IODEF.get(key(impactType));
        return mapped != null ? mapped : rsit(impactType);
    }

    /** An RSIT type (or an older name for one) as RSIT writes it, else null. */
    public static @Nullable String rsit(@Nullable String type) {
        if (type == null || type.isBlank() || type.length() > 100) {
            return null;
        }
        Classification c = Taxonomy.rsit().normaliseOrNull(null, type);
        return c == null ? null : c.type();
    }

    static String key(@Nullable String name) {
        if (name == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && i < 100; i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
