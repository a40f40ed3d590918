package lat.warp.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import lat.warp.shared.Actor;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit trail as read back.
 *
 * @param actorId the user's id or the API token's id; none for the system and anonymous callers
 * @param details sorted by key
 * @param hash the entry's chain hash in hex, which an auditor may note down to check later copies against
 */
public record AuditEntry(long seq, Instant occurredAt, AuditAction action, AuditOutcome outcome, Actor.Kind actorKind,
        @Nullable String actorId, String actorLabel, @Nullable UUID organisationId, @Nullable String objectType,
        @Nullable String objectId, @Nullable String sourceAddress, Map<String, String> details, String hash) {
}
