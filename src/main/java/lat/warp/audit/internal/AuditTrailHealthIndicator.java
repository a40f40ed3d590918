package lat.warp.audit.internal;

import lat.warp.audit.AuditVerification;
import lat.warp.audit.AuditVerificationResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code auditTrail}: the latest verification's outcome. It does not verify by
 * itself, since reading the whole chain on every health probe would be far too slow.
 */
@Component
class AuditTrailHealthIndicator implements HealthIndicator {

    private final AuditVerification verification;

    AuditTrailHealthIndicator(AuditVerification verification) {
        this.verification = verification;
    }

    @Override
    public Health health() {
        return verification.lastResult().map(AuditTrailHealthIndicator::toHealth)
                .orElseGet(() -> Health.unknown().withDetail("problem", "not verified yet").build());
    }

    private static Health toHealth(AuditVerificationResult result) {
        Health.Builder health = result.intact() ? Health.up() : Health.down();
        health.withDetail("entriesChecked", result.entriesChecked()).withDetail("checkedAt", result.checkedAt());
        if (!result.intact()) {
            health.withDetail("firstBadSeq", result.firstBadSeq()).withDetail("problem", result.problem());
        }
        return health.build();
    }
}
