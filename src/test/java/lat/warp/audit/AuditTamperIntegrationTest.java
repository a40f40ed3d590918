package lat.warp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import lat.warp.audit.internal.AuditHashing;
import lat.warp.audit.internal.AuditLogRepository;
import lat.warp.audit.internal.StoredEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.dao.DataAccessException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Tampers with the trail the way a database superuser could (the embedded database's user is one),
 * and checks that the verification names the first entry changed or removed. Uses a database of its
 * own, closed when they end: these tests break the chain on purpose.
 */
@DirtiesContext
@TestPropertySource(properties = "warp.data-dir=target/test-data/tamper-${random.uuid}")
class AuditTamperIntegrationTest extends AuditIntegrationTestSupport {

    private static final int ENTRIES = 10;

    @Autowired
    AuditLogRepository repository;

    @Autowired
    HealthContributorRegistry health;

    @BeforeEach
    void startAFreshChainOfTenEntries() {
        asSuperuserWithoutProtection("""
                truncate audit_log;
                update audit_head set last_seq = 0, last_hash = decode(repeat('00', 32), 'hex');
                """);
        for (int i = 1; i <= ENTRIES; i++) {
            audit.entry(AuditAction.USER_UPDATED).object("user", UUID.randomUUID()).detail("step", i).success();
        }
        assertThat(verifyAsSystem().intact()).isTrue();
        // That verification appended entry 11: start from exactly ten again.
        asSuperuserWithoutProtection("""
                delete from audit_log where seq > 10;
                update audit_head set (last_seq, last_hash) = (select seq, hash from audit_log where seq = 10);
                """);
    }

    @Test
    void changingAnEntrysDetailsIsDetectedAtThatEntry() {
        asSuperuserWithoutProtection("update audit_log set details = details || '{\"step\": \"99\"}' where seq = 5");

        assertBrokenAt(5);
    }

    @Test
    void changingAnEntrysActorIsDetectedAtThatEntry() {
        asSuperuserWithoutProtection("update audit_log set actor_label = 'someone-else', actor_id = null where seq = 3");

        assertBrokenAt(3);
    }

    @Test
    void deletingAMiddleEntryIsDetectedAsTheGap() {
        asSuperuserWithoutProtection("delete from audit_log where seq = 4");

        AuditVerificationResult result = assertBrokenAt(4);
        assertThat(result.problem()).contains("entry 4 is missing");
    }

    @Test
    void deletingTheNewestEntryIsDetectedThroughTheHead() {
        asSuperuserWithoutProtection("delete from audit_log where seq = 10");

        AuditVerificationResult result = assertBrokenAt(10);
        assertThat(result.entriesChecked()).isEqualTo(9);
    }

    @Test
    void deletingTheOldestEntriesIsDetected() {
        asSuperuserWithoutProtection("delete from audit_log where seq <= 2");

        assertBrokenAt(1);
    }

    @Test
    void aForgedEntryWithARecomputedHashIsDetectedByItsSuccessorsLink() {
        forge(6);

        AuditVerificationResult result = assertBrokenAt(6);
        assertThat(result.problem()).contains("entry 7 was linked to");
    }

    @Test
    void aForgedNewestEntryWithARecomputedHashIsDetectedByTheHead() {
        forge(10);

        assertBrokenAt(10);
    }

    @Test
    void aBrokenChainTurnsTheHealthIndicatorDown() {
        asSuperuserWithoutProtection("delete from audit_log where seq = 2");
        verifyAsSystem();

        HealthIndicator indicator = (HealthIndicator) health.getContributor("auditTrail");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("firstBadSeq", 2L);
    }

    @Test
    void theDatabaseRefusesToUpdateDeleteOrTruncateTheTrail() {
        assertThatThrownBy(() -> jdbc.sql("update audit_log set actor_label = 'x' where seq = 5").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where seq = 10").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");

        assertThat(verifyAsSystem().intact()).isTrue();
    }

    @Test
    void theDatabaseRefusesToMoveTheHeadBackOrToInsertOffTheHead() {
        assertThatThrownBy(() -> jdbc.sql("update audit_head set last_seq = 9").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("may only advance");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_head").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("not allowed");
        assertThatThrownBy(() -> jdbc.sql("""
                insert into audit_log (seq, occurred_at, action, outcome, actor_kind, actor_label, prev_hash, hash)
                values (42, now(), 'LOGOUT', 'SUCCESS', 'SYSTEM', 'forger', decode(repeat('00', 32), 'hex'),
                        decode(repeat('00', 32), 'hex'))
                """).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("does not extend the chain head");

        assertThat(verifyAsSystem().intact()).isTrue();
    }

    /** Rewrites an entry's actor and gives it a hash that matches, as a careful forger would. */
    private void forge(long seq) {
        StoredEntry original = repository.batchAfter(seq - 1, 1).getFirst();
        StoredEntry forged = new StoredEntry(original.seq(), original.occurredAt(), original.action(),
                original.outcome(), original.actorKind(), null, "innocent bystander", original.organisationId(),
                original.objectType(), original.objectId(), original.sourceAddress(), original.details(),
                original.prevHash(), original.hash());
        byte[] forgedHash = AuditHashing.hash(forged);
        asSuperuserWithoutProtection("update audit_log set actor_id = null, actor_label = 'innocent bystander', "
                + "hash = decode('" + java.util.HexFormat.of().formatHex(forgedHash) + "', 'hex') where seq = " + seq);
        assertThat(AuditHashing.hash(repository.batchAfter(seq - 1, 1).getFirst())).isEqualTo(forgedHash);
    }

    private AuditVerificationResult assertBrokenAt(long seq) {
        AuditVerificationResult result = verifyAsSystem();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadSeq()).as(result.problem()).isEqualTo(seq);
        assertThat(result.problem()).isNotBlank();
        return result;
    }

    /** What only a superuser can do: switch the protecting triggers off for a moment. */
    private void asSuperuserWithoutProtection(String sql) {
        jdbc.sql("""
                alter table audit_log disable trigger audit_log_append_only;
                alter table audit_head disable trigger audit_head_advance_only;
                """ + sql + """
                ;
                alter table audit_log enable trigger audit_log_append_only;
                alter table audit_head enable trigger audit_head_advance_only;
                """).update();
    }
}
