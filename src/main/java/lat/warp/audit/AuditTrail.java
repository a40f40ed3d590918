package lat.warp.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import lat.warp.audit.internal.AuditWriter;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Writes audit entries, built fluently:
 * {@code audit.entry(USER_CREATED).object("user", id).detail("email", e).success()}.
 *
 * <p>A success is written in the caller's transaction, so it is stored only if the change commits.
 * A failure or denial is written at once in a transaction of its own, so it is stored even when the
 * caller's work rolls back. The actor defaults to the current one, the source address to the current
 * HTTP request's.
 */
@Service
public class AuditTrail {

    private final AuditWriter writer;

    public AuditTrail(AuditWriter writer) {
        this.writer = writer;
    }

    public Entry entry(AuditAction action) {
        return new Entry(action);
    }

    /** One entry under construction. Details must never hold a secret (password, token, TOTP code). */
    public final class Entry {
        private final AuditAction action;
        private Actor actor = Actors.current();
        private @Nullable OrganisationId organisation;
        private @Nullable String objectType;
        private @Nullable String objectId;
        private @Nullable String sourceAddress;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Entry(AuditAction action) {
            this.action = action;
            this.organisation = actor.organisation();
        }

        public Entry actor(Actor actor) {
            this.actor = actor;
            if (this.organisation == null) {
                this.organisation = actor.organisation();
            }
            return this;
        }

        /** The organisation the action concerns (defaults to the actor's). */
        public Entry organisation(@Nullable OrganisationId organisation) {
            this.organisation = organisation;
            return this;
        }

        public Entry object(String type, @Nullable Object id) {
            this.objectType = type;
            this.objectId = id == null ? null : id.toString();
            return this;
        }

        public Entry sourceAddress(@Nullable String sourceAddress) {
            this.sourceAddress = sourceAddress;
            return this;
        }

        public Entry detail(String key, @Nullable Object value) {
            if (value != null) {
                details.put(key, value.toString());
            }
            return this;
        }

        public void success() {
            writer.appendInCurrentTransaction(toRecord(AuditOutcome.SUCCESS, null));
        }

        public void failure(String reason) {
            writer.appendIndependently(toRecord(AuditOutcome.FAILURE, reason));
        }

        public void denied(String reason) {
            writer.appendIndependently(toRecord(AuditOutcome.DENIED, reason));
        }

        private AuditWriter.NewEntry toRecord(AuditOutcome outcome, @Nullable String reason) {
            if (reason != null) {
                details.put("reason", reason);
            }
            return new AuditWriter.NewEntry(action, outcome, actor, organisation, objectType, objectId,
                    sourceAddress, Map.copyOf(details));
        }
    }
}
