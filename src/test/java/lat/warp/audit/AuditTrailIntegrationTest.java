package lat.warp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lat.warp.audit.internal.AuditChainVerifier;
import lat.warp.audit.internal.AuditLogRepository;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.shared.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

@org.junit.jupiter.api.Tag("persistence")
class AuditTrailIntegrationTest extends AuditIntegrationTestSupport {

    @Autowired
    AuditLogRepository repository;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    HealthContributorRegistry health;

    @Test
    void aSuccessEntryIsStoredWhenTheCallersTransactionCommits() {
        String user = UUID.randomUUID().toString();

        transaction.executeWithoutResult(status -> audit.entry(AuditAction.USER_CREATED).object("user", user).success());

        assertThat(entriesAbout(user)).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.USER_CREATED);
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
    }

    @Test
    void aSuccessEntryDisappearsWhenTheCallersTransactionRollsBack() {
        String marked = UUID.randomUUID().toString();
        String thrown = UUID.randomUUID().toString();

        transaction.executeWithoutResult(status -> {
            audit.entry(AuditAction.USER_CREATED).object("user", marked).success();
            status.setRollbackOnly();
        });
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            audit.entry(AuditAction.USER_UPDATED).object("user", thrown).success();
            throw new IllegalStateException("the use case failed after auditing");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(entriesAbout(marked)).isEmpty();
        assertThat(entriesAbout(thrown)).isEmpty();
        assertThat(verifyAsSystem().intact()).isTrue();
    }

    @Test
    void aSuccessEntryOutsideAnyTransactionIsStoredAtOnce() {
        String user = UUID.randomUUID().toString();

        audit.entry(AuditAction.LOGOUT).object("user", user).success();

        assertThat(entriesAbout(user)).hasSize(1);
    }

    @Test
    void failureAndDeniedEntriesSurviveTheCallersRollback() {
        String user = UUID.randomUUID().toString();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            audit.entry(AuditAction.LOGIN_FAILED).object("user", user).failure("wrong password");
            audit.entry(AuditAction.ACCESS_DENIED).object("user", user).denied("missing permission");
            throw new IllegalStateException("the use case rolls back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(entriesAbout(user)).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.DENIED, AuditOutcome.FAILURE);
    }

    @Test
    void aFailureAfterASuccessInTheSameTransactionDoesNotWaitForItself() {
        String user = UUID.randomUUID().toString();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> transaction.executeWithoutResult(status -> {
            audit.entry(AuditAction.USER_UPDATED).object("user", user).success();
            audit.entry(AuditAction.ACCESS_DENIED).object("user", user).denied("second step refused");
        }));

        assertThat(entriesAbout(user)).extracting(AuditEntry::action)
                .containsExactlyInAnyOrder(AuditAction.USER_UPDATED, AuditAction.ACCESS_DENIED);
    }

    @Test
    void aSuccessInAReadOnlyTransactionIsStoredWhenTheReadCompletes() {
        String report = UUID.randomUUID().toString();
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);

        readOnly.executeWithoutResult(status -> audit.entry(AuditAction.CONFIDENTIAL_READ)
                .object("report", report).success());

        assertThat(entriesAbout(report)).singleElement()
                .extracting(AuditEntry::action).isEqualTo(AuditAction.CONFIDENTIAL_READ);
    }

    @Test
    void everyFieldOfAPersonsEntryIsReadBackAsWritten() {
        UserId userId = UserId.random();
        OrganisationId own = OrganisationId.random();
        OrganisationId concerned = OrganisationId.random();
        Actor alice = Actor.user(userId, own, Set.of(Role.MEMBER_ADMIN), "alice@example.org");
        String objectId = UUID.randomUUID().toString();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        audit.entry(AuditAction.USER_UPDATED).actor(alice).organisation(concerned).object("user", objectId)
                .sourceAddress("2001:db8::7")
                .detail("zeta", "last key")
                .detail("email", "Zoë.Ñúñez+tag@example.org")
                .detail("quote", "\"a\"=\\b; {json: 'no'}")
                .detail("emoji", "🔐 ✓")
                .detail("empty", "")
                .failure("not allowed today");

        AuditEntry entry = entriesAbout(objectId).getFirst();
        assertThat(entry.seq()).isPositive();
        assertThat(entry.occurredAt()).isBetween(before, Instant.now());
        assertThat(entry.action()).isEqualTo(AuditAction.USER_UPDATED);
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(entry.actorKind()).isEqualTo(Actor.Kind.USER);
        assertThat(entry.actorId()).isEqualTo(userId.toString());
        assertThat(entry.actorLabel()).isEqualTo("alice@example.org");
        assertThat(entry.organisationId()).isEqualTo(concerned.value());
        assertThat(entry.objectType()).isEqualTo("user");
        assertThat(entry.objectId()).isEqualTo(objectId);
        assertThat(entry.sourceAddress()).isEqualTo("2001:db8::7");
        assertThat(entry.details()).containsExactly(
                Map.entry("email", "Zoë.Ñúñez+tag@example.org"),
                Map.entry("emoji", "🔐 ✓"),
                Map.entry("empty", ""),
                Map.entry("quote", "\"a\"=\\b; {json: 'no'}"),
                Map.entry("reason", "not allowed today"),
                Map.entry("zeta", "last key"));
        assertThat(entry.hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void anApiTokenIsRecordedByItsTokenIdAndTheOrganisationDefaultsToItsOwn() {
        OrganisationId organisation = OrganisationId.random();
        Actor token = Actor.token("tok_" + UUID.randomUUID(), organisation, Set.of(Role.MEMBER),
                Set.of(TokenScope.REGISTRY), "import script");
        String objectId = UUID.randomUUID().toString();

        audit.entry(AuditAction.TOKEN_REJECTED).actor(token).object("token", objectId).denied("expired");

        AuditEntry entry = entriesAbout(objectId).getFirst();
        assertThat(entry.actorKind()).isEqualTo(Actor.Kind.TOKEN);
        assertThat(entry.actorId()).isEqualTo(token.tokenId());
        assertThat(entry.actorLabel()).isEqualTo("import script");
        assertThat(entry.organisationId()).isEqualTo(organisation.value());
    }

    @Test
    void anAnonymousCallerIsRecordedWithoutIdOrOrganisation() {
        String objectId = UUID.randomUUID().toString();

        audit.entry(AuditAction.LOGIN_FAILED).object("login", objectId).failure("unknown account");

        AuditEntry entry = entriesAbout(objectId).getFirst();
        assertThat(entry.actorKind()).isEqualTo(Actor.Kind.ANONYMOUS);
        assertThat(entry.actorId()).isNull();
        assertThat(entry.actorLabel()).isEqualTo("anonymous");
        assertThat(entry.organisationId()).isNull();
    }

    @Test
    void theSourceAddressDefaultsToTheCurrentRequestsRemoteAddress() {
        String objectId = UUID.randomUUID().toString();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("203.0.113.9");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            audit.entry(AuditAction.LOGIN_FAILED).object("login", objectId).failure("wrong password");
            audit.entry(AuditAction.LOGIN_THROTTLED).object("login", objectId).sourceAddress("198.51.100.1")
                    .denied("too many attempts");
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }

        assertThat(entriesAbout(objectId)).extracting(AuditEntry::sourceAddress)
                .containsExactly("198.51.100.1", "203.0.113.9");
    }

    @Test
    void textPostgresqlCannotStoreIsReplacedSoThatTheEntryStillVerifies() {
        String objectId = UUID.randomUUID().toString();

        audit.entry(AuditAction.LOGIN_FAILED).object("login", objectId)
                .detail("login", "admin\u0000' or 1=1")
                .detail("broken", "half \uD83D pair")
                .detail("long", "x".repeat(10_000))
                .failure("unknown account");

        Map<String, String> details = entriesAbout(objectId).getFirst().details();
        assertThat(details.get("login")).isEqualTo("admin\uFFFD' or 1=1");
        assertThat(details.get("broken")).isEqualTo("half \uFFFD pair");
        assertThat(details.get("long")).hasSize(2_000);
        assertThat(verifyAsSystem().intact()).isTrue();
    }

    @Test
    void theChainVerifiesIntactAfterManySequentialAndConcurrentAppends() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 100; i++) {
            audit.entry(AuditAction.USER_UPDATED).object("run", run).detail("i", i).success();
        }
        int threads = 8;
        int perThread = 30;
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        switch (n % 3) {
                            case 0 -> transaction.executeWithoutResult(status -> audit.entry(AuditAction.USER_CREATED)
                                    .object("run", run).detail("thread", thread).detail("i", n).success());
                            case 1 -> audit.entry(AuditAction.LOGIN_FAILED).object("run", run)
                                    .detail("thread", thread).detail("i", n).failure("wrong password");
                            default -> transaction.executeWithoutResult(status -> {
                                audit.entry(AuditAction.USER_UPDATED).object("run", run).detail("thread", thread)
                                        .detail("i", n).success();
                                audit.entry(AuditAction.ACCESS_DENIED).object("run", run).detail("thread", thread)
                                        .detail("i", n).denied("missing permission");
                            });
                        }
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        int expected = 100 + threads * (perThread + perThread / 3);
        long stored = jdbc.sql("select count(*) from audit_log where object_id = :run").param("run", run)
                .query(Long.class).single();
        assertThat(stored).isEqualTo(expected);

        AuditVerificationResult result = verifyAsSystem();
        assertThat(result.intact()).as(String.valueOf(result.problem())).isTrue();
        assertThat(result.entriesChecked()).isGreaterThanOrEqualTo(expected);
        assertThat(result.firstBadSeq()).isNull();

        // Small batches cross many batch boundaries and must agree with the default size.
        AuditVerificationResult inSmallBatches = new AuditChainVerifier(repository, transactionManager, 7).verify();
        assertThat(inSmallBatches.intact()).isTrue();
        assertThat(inSmallBatches.entriesChecked()).isGreaterThanOrEqualTo(result.entriesChecked());
    }

    @Test
    void theStartupCheckVerifiedTheChainAsTheSystem() {
        List<AuditEntry> startupChecks = Actors.runAsSystem("test", () -> queries.list(AuditFilter.everything()
                .withAction(AuditAction.AUDIT_VERIFIED).withActorLabel("system:startup")).entries());

        assertThat(startupChecks).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.actorKind()).isEqualTo(Actor.Kind.SYSTEM);
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
    }

    @Test
    void theHealthIndicatorAuditTrailReportsTheLatestVerification() {
        AuditVerificationResult result = verifyAsSystem();

        HealthIndicator indicator = (HealthIndicator) health.getContributor("auditTrail");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("checkedAt", result.checkedAt());
    }
}
