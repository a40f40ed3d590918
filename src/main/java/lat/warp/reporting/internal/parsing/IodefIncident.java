package lat.warp.reporting.internal.parsing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * What {@link IodefWriter} needs of an incident to write it as IODEF 2.0. The reporting module maps its
 * incident onto this.
 *
 * @param number the public number, {@code WARP-YYYY-NNNNNN} (IODEF {@code IncidentID})
 * @param issuer who numbered it, a domain name such as {@code warp.lacnic.net} (IODEF {@code IncidentID/@name})
 * @param tlp the TLP (IODEF {@code restriction}: CLEAR is {@code white}, AMBER+STRICT is {@code private})
 * @param severity {@code LOW}, {@code MEDIUM}, {@code HIGH} or {@code CRITICAL} ({@code SystemImpact/@severity},
 *     CRITICAL written as {@code high})
 * @param classificationType the RSIT type, or null when not yet triaged
 * @param description the text shared with the recipient
 * @param reportTime when it was reported
 * @param detectTime when it was first seen, if known
 * @param indicators the addresses, host names, URLs and e-mail addresses involved (written as the source)
 * @param contactEmail the WARP team's address (the {@code creator} contact)
 */
public record IodefIncident(String number, String issuer, Tlp tlp, String severity,
        @Nullable String classificationType, String description, Instant reportTime, @Nullable Instant detectTime,
        List<Indicator> indicators, String contactEmail) {

    public IodefIncident {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reportTime, "reportTime");
        Objects.requireNonNull(contactEmail, "contactEmail");
        indicators = List.copyOf(indicators);
    }
}
