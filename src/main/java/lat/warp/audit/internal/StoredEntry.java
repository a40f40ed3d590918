package lat.warp.audit.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditEntry;
import lat.warp.audit.AuditOutcome;
import lat.warp.shared.Actor;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code audit_log}, exactly as stored. Action, outcome and actor kind stay strings so
 * that the chain can be verified even if a name was read that this version no longer knows.
 *
 * @param details sorted by key, as hashed
 */
public record StoredEntry(long seq, Instant occurredAt, String action, String outcome, String actorKind,
        @Nullable String actorId, String actorLabel, @Nullable UUID organisationId, @Nullable String objectType,
        @Nullable String objectId, @Nullable String sourceAddress, Map<String, String> details, byte[] prevHash,
        byte[] hash) {

    public AuditEntry toAuditEntry() {
        return new AuditEntry(seq, occurredAt, AuditAction.valueOf(action), AuditOutcome.valueOf(outcome),
                Actor.Kind.valueOf(actorKind),
                actorId, actorLabel, organisationId, objectType, objectId, sourceAddress, details,
                java.util.HexFormat.of().formatHex(hash));
    }
}
