package lat.warp.audit.internal;

import lat.warp.audit.AuditVerification;
import lat.warp.audit.AuditVerificationResult;
import lat.warp.shared.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Verifies the chain once the server is up, so that tampering while it was down is reported at once. */
@Component
class StartupVerification {

    private static final Logger log = LoggerFactory.getLogger(StartupVerification.class);

    private final AuditVerification verification;

    StartupVerification(AuditVerification verification) {
        this.verification = verification;
    }

    @EventListener(ApplicationReadyEvent.class)
    void verifyOnStartup() {
        try {
            AuditVerificationResult result = Actors.runAsSystem("startup", () -> verification.verify());
            if (result.intact()) {
                log.info("Audit trail intact: {} entries verified", result.entriesChecked());
            } else {
                log.error("Audit trail broken at entry {}: {}", result.firstBadSeq(), result.problem());
            }
        } catch (RuntimeException e) {
            // The server still serves; the health indicator stays UNKNOWN until a verification succeeds.
            log.error("Could not verify the audit trail at startup", e);
        }
    }
}
