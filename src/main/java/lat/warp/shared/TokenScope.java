package lat.warp.shared;

import java.util.Locale;

/** The scopes an API token can be limited to; each opens the permissions that name it. */
public enum TokenScope {
    REGISTRY, EVENTS, REPORTS, INCIDENTS, BROKERING, WARNINGS, ADVICE, STATISTICS, ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenScope fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
