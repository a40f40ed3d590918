package lat.warp.audit;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import lat.warp.shared.Actor;
import lat.warp.shared.ActorHolder;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts only the platform (embedded PostgreSQL, Flyway) and the audit module: the other modules are
 * written in parallel and need not start for these tests. Each JVM gets a fresh database.
 */
@SpringBootTest(classes = AuditIntegrationTestSupport.AuditOnlyApplication.class, properties = {
        "warp.data-dir=target/test-data/${random.uuid}",
        "logging.file.name=target/test-data/logs/audit-tests.log",
        "spring.messages.basename=i18n/audit"})
abstract class AuditIntegrationTestSupport {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan({"lat.warp.platform", "lat.warp.audit"})
    @ConfigurationPropertiesScan("lat.warp.platform")
    static class AuditOnlyApplication {
    }

    /** A logged-in person's principal, as the identity module will provide it. */
    record TestPrincipal(Actor actor) implements ActorHolder {
    }

    @Autowired
    protected AuditTrail audit;

    @Autowired
    protected AuditQueries queries;

    @Autowired
    protected AuditVerification verification;

    @Autowired
    protected TransactionTemplate transaction;

    @Autowired
    protected JdbcClient jdbc;

    @AfterEach
    void forgetTheActor() {
        SecurityContextHolder.clearContext();
    }

    protected static Actor auditor() {
        return Actor.user(UserId.random(), OrganisationId.random(), Set.of(Role.ADMIN),
                "auditor-" + UUID.randomUUID() + "@example.org");
    }

    protected static Actor member() {
        return Actor.user(UserId.random(), OrganisationId.random(), Set.of(Role.MEMBER),
                "member-" + UUID.randomUUID() + "@example.org");
    }

    /** Runs as a logged-in actor, through the security context like a real request. */
    protected static <T> T as(Actor actor, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TestingAuthenticationToken(new TestPrincipal(actor), null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    protected static void as(Actor actor, Runnable work) {
        as(actor, () -> {
            work.run();
            return null;
        });
    }

    protected List<AuditEntry> entriesAbout(String objectId) {
        return Actors.runAsSystem("test", () -> queries.list(AuditFilter.everything().withObject(null, objectId),
                null, AuditQueries.MAX_PAGE_SIZE).entries());
    }

    protected AuditVerificationResult verifyAsSystem() {
        return Actors.runAsSystem("test", () -> verification.verify());
    }
}
