package lat.warp.audit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import lat.warp.audit.internal.AuditChainVerifier;
import lat.warp.audit.internal.AuditLogRepository;
import lat.warp.audit.internal.AuditReadPermission;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

/** Checks that no entry of the trail was changed or removed. Needs AUDIT_READ; each check is audited. */
@Service
public class AuditVerification {

    private final AuditChainVerifier verifier;
    private final AuditReadPermission permission;
    private final AuditTrail audit;
    private final AtomicReference<AuditVerificationResult> lastResult = new AtomicReference<>();

    public AuditVerification(AuditLogRepository repository, PlatformTransactionManager transactions,
            AuditReadPermission permission, AuditTrail audit) {
        this.verifier = new AuditChainVerifier(repository, transactions, AuditChainVerifier.DEFAULT_BATCH_SIZE);
        this.permission = permission;
        this.audit = audit;
    }

    /** Reads the whole chain; takes a while on a long trail, but holds only one batch in memory. */
    public AuditVerificationResult verify() {
        permission.require("verify the audit trail");
        AuditVerificationResult result = verifier.verify();
        lastResult.set(result);
        AuditTrail.Entry entry = audit.entry(AuditAction.AUDIT_VERIFIED)
                .detail("entriesChecked", result.entriesChecked())
                .detail("firstBadSeq", result.firstBadSeq());
        if (result.intact()) {
            entry.success();
        } else {
            entry.failure(result.problem() == null ? "chain broken" : result.problem());
        }
        return result;
    }

    /** The outcome of the latest check since this server started, if any. */
    public Optional<AuditVerificationResult> lastResult() {
        return Optional.ofNullable(lastResult.get());
    }
}
