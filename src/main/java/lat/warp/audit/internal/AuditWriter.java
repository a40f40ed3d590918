package lat.warp.audit.internal;

import java.util.Map;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditOutcome;
import lat.warp.shared.Actor;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/** Appends entries to the hash chain. */
public interface AuditWriter {

    record NewEntry(AuditAction action, AuditOutcome outcome, Actor actor, @Nullable OrganisationId organisation,
            @Nullable String objectType, @Nullable String objectId, @Nullable String sourceAddress,
            Map<String, String> details) {
    }

    /**
     * Joins the caller's transaction (or runs in its own if there is none). The entry is written as
     * that transaction commits, so it is stored exactly when the caller's changes are.
     */
    void appendInCurrentTransaction(NewEntry entry);

    /** Commits at once in a new transaction, whatever happens to the caller's. */
    void appendIndependently(NewEntry entry);
}
