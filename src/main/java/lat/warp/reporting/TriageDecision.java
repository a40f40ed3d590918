package lat.warp.reporting;

import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * An analyst's reading of a report or a selection of events.
 *
 * @param classificationType the RSIT type ({@code phishing}); its class is found by the taxonomy
 * @param organisation the member concerned; null keeps the one the registry found
 * @param title a short title; null takes the report's subject
 */
public record TriageDecision(String classificationType, Tlp tlp, Severity severity, @Nullable String organisation,
        @Nullable String title) {
}
