package lat.warp.notification.internal;

import lat.warp.reporting.IncidentId;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a confirmed acknowledgement link to the reporting module, which moves the incident to
 * ACKNOWLEDGED. Until reporting publishes its incident API this only logs (the acknowledgement is
 * recorded and audited by {@link AckTokens}); see "what is left" in ADR 0013.
 */
@Component
class IncidentAcknowledger {

    private static final Logger log = LoggerFactory.getLogger(IncidentAcknowledger.class);

    void acknowledge(@Nullable IncidentId incident, OrganisationId organisation, String reference) {
        log.info("Acknowledged by link: {} ({}) for organisation {}", reference, incident, organisation);
    }
}
