package lat.warp.reporting;

import java.util.UUID;

/** A report's identity: one report is one thing received (a form, an API call, a mail). */
public record ReportId(UUID value) {

    public ReportId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static ReportId of(String text) {
        try {
            return new ReportId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new lat.warp.shared.NotFoundException("No such report.");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
