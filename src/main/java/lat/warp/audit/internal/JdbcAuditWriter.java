package lat.warp.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import lat.warp.shared.Actor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends to the chain in PostgreSQL. Appends are serialised by a transaction-scoped advisory lock:
 * each reads the head, links to it, and moves it on, all before the next may start.
 *
 * <p>An entry for the caller's transaction is appended just before that transaction commits rather
 * than at once. The chain lock is then held only while committing, not for the rest of the caller's
 * work: other requests are not held up behind a slow use case, and a failure written independently
 * later in the same use case does not wait for a lock its own thread holds.
 */
@Component
class JdbcAuditWriter implements AuditWriter {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditWriter.class);

    /** Detail values may come from callers (a mistyped e-mail address); an entry must stay readable. */
    static final int MAX_TEXT_LENGTH = 2_000;

    private static final char REPLACEMENT = '\uFFFD';

    private final AuditLogRepository repository;
    private final TransactionTemplate joiningTransaction;
    private final TransactionTemplate newTransaction;
    private final Clock clock = Clock.systemUTC();

    JdbcAuditWriter(AuditLogRepository repository, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.joiningTransaction = new TransactionTemplate(transactions);
        this.joiningTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void appendInCurrentTransaction(NewEntry entry) {
        NewEntry located = withSourceAddress(entry);
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            // One synchronization per transaction gathers its entries, so that a transaction that reads much
            // (a digest run, a bulk job) takes the chain lock and reads the head once for all of them.
            for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
                if (registered instanceof PendingEntries pending) {
                    pending.entries.add(located);
                    return;
                }
            }
            PendingEntries pending = new PendingEntries();
            pending.entries.add(located);
            TransactionSynchronizationManager.registerSynchronization(pending);
        } else {
            joiningTransaction.executeWithoutResult(status -> append(java.util.List.of(located)));
        }
    }

    /** The entries of one transaction, appended in order just before it commits. */
    private final class PendingEntries implements TransactionSynchronization {
        final java.util.List<NewEntry> entries = new java.util.ArrayList<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            // A read-only transaction cannot insert; what it read is recorded alongside instead,
            // and if that fails the read fails with it.
            if (readOnly) {
                newTransaction.executeWithoutResult(status -> append(entries));
            } else {
                append(entries);
            }
        }
    }

    @Override
    public void appendIndependently(NewEntry entry) {
        NewEntry located = withSourceAddress(entry);
        newTransaction.executeWithoutResult(status -> append(java.util.List.of(located)));
    }

    /** Runs in a transaction; the chain lock is held from here until it ends. */
    private void append(java.util.List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        repository.lockChain();
        AuditLogRepository.Head head = repository.head();
        long seq = head.lastSeq();
        byte[] previous = head.lastHash();
        for (NewEntry entry : entries) {
            seq++;
            previous = appendOne(entry, seq, previous);
            // The database checks that every entry extends the head: move it on entry by entry.
            repository.advanceHead(seq, previous);
        }
    }

    private byte[] appendOne(NewEntry entry, long seq, byte[] previousHash) {
        // Taken under the lock, so that times never run backwards along the chain.
        Instant occurredAt = AuditHashing.storablePrecision(clock.instant());
        Actor actor = entry.actor();
        String action = entry.action().name();
        String outcome = entry.outcome().name();
        String actorKind = actor.kind().name();
        String actorId = storable(actor.user() != null ? actor.user().toString() : actor.tokenId());
        String actorLabel = storable(actor.label());
        String objectType = storable(entry.objectType());
        String objectId = storable(entry.objectId());
        String sourceAddress = storable(entry.sourceAddress());
        Map<String, String> details = storable(entry.details());
        String organisation = entry.organisation() == null ? null : entry.organisation().toString();

        byte[] hash = AuditHashing.hash(previousHash, seq, occurredAt, action, outcome, actorKind, actorId,
                actorLabel, organisation, objectType, objectId, sourceAddress, details);
        repository.insert(new StoredEntry(seq, occurredAt, action, outcome, actorKind, actorId, actorLabel,
                entry.organisation() == null ? null : entry.organisation().value(), objectType, objectId,
                sourceAddress, details, previousHash, hash));
        log.debug("Audit entry {} appended: {} {}", seq, action, outcome);
        return hash;
    }

    private static NewEntry withSourceAddress(NewEntry entry) {
        if (entry.sourceAddress() != null) {
            return entry;
        }
        return new NewEntry(entry.action(), entry.outcome(), entry.actor(), entry.organisation(), entry.objectType(),
                entry.objectId(), currentRequestAddress(), entry.details());
    }

    /** The client's address; behind a proxy, server.forward-headers-strategy has already put it here. */
    private static @Nullable String currentRequestAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }

    private static Map<String, String> storable(Map<String, String> details) {
        Map<String, String> sorted = new TreeMap<>();
        details.forEach((key, value) -> sorted.put(storable(key), storable(value)));
        return sorted;
    }

    /**
     * The text as PostgreSQL will store it, so that what is hashed is what is read back: cut to
     * {@link #MAX_TEXT_LENGTH}, with NUL (which PostgreSQL text refuses) and unpaired surrogates (which
     * UTF-8 cannot carry) replaced by U+FFFD.
     */
    static @Nullable String storable(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int end = Math.min(text.length(), MAX_TEXT_LENGTH);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
