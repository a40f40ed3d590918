package lat.warp.reporting;

import java.util.UUID;

/** An incident's identity (its public number, {@code WARP-YYYY-NNNNNN}, is separate). */
public record IncidentId(UUID value) {

    public static IncidentId of(String text) {
        return new IncidentId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
