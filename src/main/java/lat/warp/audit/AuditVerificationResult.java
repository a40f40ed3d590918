package lat.warp.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking the whole hash chain.
 *
 * <p>Serializable: the audit page passes it through the session as a flash attribute.
 *
 * @param entriesChecked how many entries were read before the first problem (all of them when intact)
 * @param firstBadSeq the first entry found changed or missing
 * @param problem what is wrong at {@code firstBadSeq}, in English, for operators
 */
public record AuditVerificationResult(boolean intact, long entriesChecked, @Nullable Long firstBadSeq,
        @Nullable String problem, Instant checkedAt) implements java.io.Serializable {

    public static AuditVerificationResult intact(long entriesChecked, Instant checkedAt) {
        return new AuditVerificationResult(true, entriesChecked, null, null, checkedAt);
    }

    public static AuditVerificationResult broken(long entriesChecked, long firstBadSeq, String problem,
            Instant checkedAt) {
        return new AuditVerificationResult(false, entriesChecked, firstBadSeq, problem, checkedAt);
    }
}
