package lat.warp.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.identity.internal.ApiTokenRepository;
import lat.warp.identity.internal.Secrets;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.RolePermissions;
import lat.warp.shared.TokenScope;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens of an organisation: shown once, stored as a SHA-256 digest, scoped, expiring and
 * revocable. A token never holds a role its creator could not give a user of that organisation.
 */
@Service
public class ApiTokens {

    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private final ApiTokenRepository tokens;
    private final Organisations organisations;
    private final AccessControl access;
    private final AuditTrail audit;
    private final Clock clock;

    public ApiTokens(ApiTokenRepository tokens, Organisations organisations, AccessControl access, AuditTrail audit,
            Clock clock) {
        this.tokens = tokens;
        this.organisations = organisations;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new token and, this once, its secret. */
    public record Issued(ApiToken token, String secret) {
    }

    /** What the bearer of a presented secret may do, or why it is refused. */
    public sealed interface Verdict {
        record Accepted(Actor actor) implements Verdict {
        }

        record Rejected(String reason) implements Verdict {
        }
    }

    @Transactional
    public Issued create(OrganisationId organisation, String name, Role role, Set<TokenScope> scopes,
            @Nullable Instant expiresAt) {
        Actor actor = access.requireForOrganisation(organisation, Permission.TOKEN_MANAGE_OWN,
                Permission.TOKEN_MANAGE_ANY, "create API tokens for this organisation");
        Organisation target = organisations.findForSystem(organisation)
                .orElseThrow(() -> new NotFoundException("No such organisation."));
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new InvalidInputException("name", "The name must have between 1 and 100 characters.");
        }
        if (role == null || !role.allowedIn(target.kind())) {
            throw new InvalidInputException("role", "This role cannot be held in a " + target.kind() + " organisation.");
        }
        if (role.isStaff() && !actor.has(Permission.TOKEN_MANAGE_ANY)) {
            throw new InvalidInputException("role", "Only administrators can create staff tokens.");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "Choose at least one scope.");
        }
        // A token never holds a permission its creator lacks (a token minting tokens included).
        if (!actor.permissions().containsAll(RolePermissions.of(Set.of(role), scopes))) {
            throw new InvalidInputException("scopes", "A token cannot hold more than its creator may do.");
        }
        Instant now = clock.instant();
        if (expiresAt == null) {
            expiresAt = now.plus(Duration.ofDays(90));
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
            throw new InvalidInputException("expiresAt", "The expiry must be in the future and within a year.");
        }
        String id = Secrets.randomToken(9);
        String secret = "warp_" + Secrets.randomToken(32);
        tokens.insert(id, organisation, cleanName, Secrets.sha256(secret), role, EnumSet.copyOf(scopes),
                actor.label(), expiresAt);
        audit.entry(AuditAction.TOKEN_CREATED).organisation(organisation).object("api-token", id)
                .detail("name", cleanName).detail("role", role).detail("scopes", scopes).detail("expiresAt", expiresAt)
                .success();
        return new Issued(tokens.find(id).orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> list(OrganisationId organisation) {
        access.requireForOrganisation(organisation, Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY,
                "list this organisation's API tokens");
        return tokens.listByOrganisation(organisation);
    }

    @Transactional
    public void revoke(String id) {
        ApiToken token = tokens.find(id).orElseThrow(() -> new NotFoundException("No such token."));
        access.requireForOrganisation(token.organisation(), Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY,
                "revoke this organisation's API tokens");
        if (token.revokedAt() == null) {
            tokens.revoke(id);
            audit.entry(AuditAction.TOKEN_REVOKED).organisation(token.organisation()).object("api-token", id)
                    .detail("name", token.name()).success();
        }
    }

    /** Checks a presented bearer secret. A refusal is audited (without the secret). */
    @Transactional
    public Verdict authenticate(String secret, String sourceAddress) {
        Instant now = clock.instant();
        var found = tokens.findBySecretHash(Secrets.sha256(secret));
        if (found.isEmpty()) {
            return reject(null, sourceAddress, "unknown token");
        }
        ApiToken token = found.get();
        if (token.revokedAt() != null) {
            return reject(token, sourceAddress, "revoked token");
        }
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            return reject(token, sourceAddress, "expired token");
        }
        tokens.touch(token.id(), now);
        return new Verdict.Accepted(Actor.token(token.id(), token.organisation(), Set.of(token.role()),
                token.scopes(), "token:" + token.name()));
    }

    /**
     * Creates the bootstrap token of CONTRACT.md with the operator's exact secret, unless a token
     * with that secret exists already. Runs as the system at start-up.
     */
    @Transactional
    public boolean ensureBootstrapToken(OrganisationId warp, String secret) {
        if (tokens.findBySecretHash(Secrets.sha256(secret)).isPresent()) {
            return false;
        }
        String id = Secrets.randomToken(9);
        tokens.insert(id, warp, "bootstrap", Secrets.sha256(secret), Role.ADMIN, EnumSet.allOf(TokenScope.class),
                "system:bootstrap", null);
        audit.entry(AuditAction.TOKEN_CREATED).actor(Actor.system("bootstrap")).organisation(warp)
                .object("api-token", id).detail("name", "bootstrap").detail("role", Role.ADMIN).success();
        return true;
    }

    private Verdict reject(@Nullable ApiToken token, String sourceAddress, String reason) {
        audit.entry(AuditAction.TOKEN_REJECTED).actor(Actor.anonymous()).sourceAddress(sourceAddress)
                .organisation(token == null ? null : token.organisation())
                .object("api-token", token == null ? null : token.id()).failure(reason);
        return new Verdict.Rejected(reason);
    }
}
