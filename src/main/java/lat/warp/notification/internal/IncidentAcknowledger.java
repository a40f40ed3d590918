package lat.warp.notification.internal;

import java.util.Set;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.Incidents;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands a confirmed acknowledgement link to reporting, which moves the incident to ACKNOWLEDGED. It acts
 * as the link's organisation with nothing but {@code INCIDENT_ACT_OWN}, so reporting's own rule decides
 * (the incident must concern that organisation and have been notified to it). In a transaction of its own:
 * an incident already acknowledged, resolved or gone is logged, and the link is still spent.
 */
@Component
class IncidentAcknowledger {

    private static final Logger log = LoggerFactory.getLogger(IncidentAcknowledger.class);

    private final Incidents incidents;
    private final TransactionTemplate separate;

    IncidentAcknowledger(Incidents incidents, PlatformTransactionManager transactions) {
        this.incidents = incidents;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void acknowledge(@Nullable IncidentId incident, OrganisationId organisation, String reference) {
        if (incident == null) {
            return;
        }
        Actor link = new Actor(Actor.Kind.SYSTEM, null, organisation, Set.of(), Set.of(Permission.INCIDENT_ACT_OWN),
                "ack-link:" + reference, null);
        try {
            separate.executeWithoutResult(s -> Actors.runAs(link,
                    () -> incidents.acknowledge(incident, null)));
        } catch (RuntimeException e) {
            log.info("Acknowledgement link of {} not applied to the incident: {}", reference, e.toString());
        }
    }
}
