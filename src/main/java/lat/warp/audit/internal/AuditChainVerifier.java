package lat.warp.audit.internal;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import lat.warp.audit.AuditVerificationResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the whole chain, oldest first, a batch at a time, and reports the first entry found changed
 * or missing. All batches and the head are read in one repeatable-read transaction, so entries
 * appended meanwhile neither show up half-way nor look like a broken head.
 *
 * <p>When an entry's hash no longer matches the link its successor (or the head) recorded, the entry
 * itself was rewritten with a freshly computed hash; that entry is the one reported.
 */
public class AuditChainVerifier {

    public static final int DEFAULT_BATCH_SIZE = 5_000;

    private final AuditLogRepository repository;
    private final TransactionTemplate snapshot;
    private final int batchSize;
    private final Clock clock = Clock.systemUTC();

    public AuditChainVerifier(AuditLogRepository repository, PlatformTransactionManager transactions, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.repository = repository;
        this.batchSize = batchSize;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    public AuditVerificationResult verify() {
        return snapshot.execute(status -> walk());
    }

    private AuditVerificationResult walk() {
        AuditLogRepository.Head head = repository.head();
        long checked = 0;
        long previousSeq = 0;
        byte[] previousHash = AuditHashing.GENESIS;
        List<StoredEntry> batch = repository.batchAfter(previousSeq, batchSize);
        while (!batch.isEmpty()) {
            for (StoredEntry entry : batch) {
                checked++;
                long expectedSeq = previousSeq + 1;
                if (entry.seq() != expectedSeq) {
                    return broken(checked, expectedSeq, entry.seq() == expectedSeq + 1
                            ? "entry " + expectedSeq + " is missing"
                            : "entries " + expectedSeq + " to " + (entry.seq() - 1) + " are missing");
                }
                if (!MessageDigest.isEqual(AuditHashing.hash(entry), entry.hash())) {
                    return broken(checked, entry.seq(), "entry " + entry.seq() + " does not match its hash: it was changed");
                }
                if (!MessageDigest.isEqual(entry.prevHash(), previousHash)) {
                    return previousSeq == 0
                            ? broken(checked, entry.seq(), "entry 1 does not start the chain")
                            : broken(checked, previousSeq, "entry " + previousSeq + " is not the entry that entry "
                                    + entry.seq() + " was linked to: it was rewritten");
                }
                previousSeq = entry.seq();
                previousHash = entry.hash();
            }
            batch = repository.batchAfter(previousSeq, batchSize);
        }
        if (head.lastSeq() > previousSeq) {
            return broken(checked, previousSeq + 1, previousSeq + 1 == head.lastSeq()
                    ? "the newest entry " + head.lastSeq() + " is missing"
                    : "the newest entries " + (previousSeq + 1) + " to " + head.lastSeq() + " are missing");
        }
        if (head.lastSeq() < previousSeq) {
            return broken(checked, head.lastSeq() + 1,
                    "entries after " + head.lastSeq() + " are not covered by the chain head");
        }
        if (!MessageDigest.isEqual(head.lastHash(), previousHash)) {
            return previousSeq == 0
                    ? broken(checked, 1, "the chain head does not belong to an empty chain")
                    : broken(checked, previousSeq, "entry " + previousSeq + " is not the entry the chain head was "
                            + "moved to: it was rewritten");
        }
        return AuditVerificationResult.intact(checked, clock.instant());
    }

    private AuditVerificationResult broken(long checked, long firstBadSeq, String problem) {
        return AuditVerificationResult.broken(checked, firstBadSeq, problem, clock.instant());
    }
}
