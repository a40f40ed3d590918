package lat.warp.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import lat.warp.identity.ApiToken;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_tokens table. */
@Repository
public class ApiTokenRepository {

    private static final String COLUMNS =
            "id, organisation_id, name, role, scopes, created_by, created_at, expires_at, revoked_at, last_used_at";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String id, OrganisationId organisation, String name, byte[] secretHash, Role role,
            Set<TokenScope> scopes, String createdBy, @Nullable Instant expiresAt) {
        jdbc.sql("insert into api_tokens (id, organisation_id, name, secret_hash, role, scopes, created_by, expires_at) "
                        + "values (?, ?, ?, ?, ?, ?::text[], ?, ?)")
                .params(id, organisation.value(), name, secretHash, role.name(),
                        scopes.stream().map(TokenScope::name).collect(Collectors.joining(",", "{", "}")), createdBy,
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
    }

    public Optional<ApiToken> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where id = ?").param(id)
                .query(ApiTokenRepository::map).optional();
    }

    public Optional<ApiToken> findBySecretHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where secret_hash = ?").param(hash)
                .query(ApiTokenRepository::map).optional();
    }

    public List<ApiToken> listByOrganisation(OrganisationId organisation) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where organisation_id = ? order by created_at desc")
                .param(organisation.value()).query(ApiTokenRepository::map).list();
    }

    public void revoke(String id) {
        jdbc.sql("update api_tokens set revoked_at = now() where id = ? and revoked_at is null").param(id).update();
    }

    /** Records use at most once a minute per token, so that busy clients do not write on every call. */
    public void touch(String id, Instant now) {
        jdbc.sql("update api_tokens set last_used_at = ? where id = ? "
                        + "and (last_used_at is null or last_used_at < ?::timestamptz - interval '1 minute')")
                .params(Timestamp.from(now), id, Timestamp.from(now)).update();
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        Arrays.stream((String[]) rs.getArray("scopes").getArray()).map(TokenScope::valueOf).forEach(scopes::add);
        return new ApiToken(rs.getString("id"), new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                rs.getString("name"), Role.valueOf(rs.getString("role")), scopes, rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("revoked_at")), instant(rs.getTimestamp("last_used_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
