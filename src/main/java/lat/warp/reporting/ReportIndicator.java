package lat.warp.reporting;

import org.jspecify.annotations.Nullable;

/**
 * An address, URL, host name or e-mail address found in a report, with what the registry says about it
 * (IP addresses only; host names may stay unattributed).
 *
 * @param kind {@code IP}, {@code URL}, {@code HOSTNAME} or {@code EMAIL}
 * @param inRegion whether the address is the region's; null when not an address
 * @param registry the RIR responsible for the address ({@code lacnic}, {@code arin}...), null when not an address
 * @param holderId the organisation holding it, when known
 */
public record ReportIndicator(String kind, String value, @Nullable Boolean inRegion, @Nullable String registry,
        @Nullable String holderId, @Nullable String holderName, @Nullable String country) {
}
