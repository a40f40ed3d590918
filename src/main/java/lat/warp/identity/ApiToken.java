package lat.warp.identity;

import java.time.Instant;
import java.util.Set;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import org.jspecify.annotations.Nullable;

/** An API token as its owners see it: never its secret. */
public record ApiToken(String id, OrganisationId organisation, String name, Role role, Set<TokenScope> scopes,
        String createdBy, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
