package lat.warp.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.shared.RequiresPermission;
import lat.warp.identity.ApiToken;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.identity.User;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The identity API: who am I, an organisation's users and API tokens. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identity")
class IdentityApiController {

    private final Users users;
    private final ApiTokens tokens;

    IdentityApiController(Users users, ApiTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    record Me(String kind, @Nullable String user, @Nullable String organisation, Set<Role> roles,
            Set<Permission> permissions, String label) {
    }

    record UserView(String id, String email, String name, String language, String organisation, Set<Role> roles,
            boolean enabled, boolean twoFactorEnabled, @Nullable Instant lockedUntil, @Nullable Instant lastLoginAt) {
        static UserView of(User u) {
            return new UserView(u.id().toString(), u.email(), u.name(), u.language().code(), u.organisation().toString(),
                    u.roles(), u.enabled(), u.twoFactorEnabled(), u.lockedUntil(), u.lastLoginAt());
        }
    }

    record NewUser(@Nullable String email, @Nullable String name, @Nullable String language,
            @Nullable Set<Role> roles, @Nullable String password) {
    }

    record TokenView(String id, String organisation, String name, Role role, List<String> scopes, String createdBy,
            Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.organisation().toString(), t.name(), t.role(),
                    t.scopes().stream().map(TokenScope::label).toList(), t.createdBy(), t.createdAt(), t.expiresAt(),
                    t.revokedAt(), t.lastUsedAt());
        }
    }

    record NewToken(@Nullable String name, @Nullable Role role, @Nullable List<String> scopes,
            @Nullable Instant expiresAt) {
    }

    record IssuedToken(TokenView token, String secret) {
    }

    @GetMapping("/me")
    @AuthenticatedEndpoint
    @Operation(summary = "The caller: kind, organisation, roles and effective permissions")
    Me me() {
        Actor a = Actors.current();
        return new Me(a.kind().name(), a.user() == null ? null : a.user().toString(),
                a.organisation() == null ? null : a.organisation().toString(), a.roles(), a.permissions(), a.label());
    }

    @GetMapping("/organisations/{id}/users")
    @RequiresPermission({Permission.USER_MANAGE_OWN, Permission.USER_MANAGE_ANY})
    @Operation(summary = "The users of an organisation")
    List<UserView> users(@PathVariable String id) {
        return users.list(organisation(id)).stream().map(UserView::of).toList();
    }

    @PostMapping("/organisations/{id}/users")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission({Permission.USER_MANAGE_OWN, Permission.USER_MANAGE_ANY})
    @Operation(summary = "Add a user; without a password, an invitation to choose one is e-mailed")
    UserView createUser(@PathVariable String id, @RequestBody NewUser body) {
        UserDraft draft = new UserDraft(body.email(), body.name(),
                Language.of(body.language() == null ? "es" : body.language()), organisation(id),
                body.roles() == null ? Set.of() : body.roles());
        return UserView.of(users.create(draft, body.password()));
    }

    @GetMapping("/organisations/{id}/tokens")
    @RequiresPermission({Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY})
    @Operation(summary = "The API tokens of an organisation (never their secrets)")
    List<TokenView> tokens(@PathVariable String id) {
        return tokens.list(organisation(id)).stream().map(TokenView::of).toList();
    }

    @PostMapping("/organisations/{id}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission({Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY})
    @Operation(summary = "Create an API token; its secret is in this response only")
    IssuedToken createToken(@PathVariable String id, @RequestBody NewToken body) {
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        if (body.scopes() != null) {
            for (String scope : body.scopes()) {
                try {
                    scopes.add(TokenScope.fromLabel(scope));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("scopes", "Unknown scope '" + scope + "'.");
                }
            }
        }
        ApiTokens.Issued issued = tokens.create(organisation(id), body.name(), body.role(), scopes, body.expiresAt());
        return new IssuedToken(TokenView.of(issued.token()), issued.secret());
    }

    @DeleteMapping("/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresPermission({Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY})
    @Operation(summary = "Revoke an API token")
    void revoke(@PathVariable String tokenId) {
        tokens.revoke(tokenId);
    }

    private static OrganisationId organisation(String id) {
        try {
            return OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("organisation", "Not an organisation id: expected a UUID.");
        }
    }
}
