package lat.warp.identity.internal;

import java.time.Instant;
import java.sql.Timestamp;
import java.util.Optional;
import lat.warp.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Password reset links, by the digest of their secret. */
@Repository
public class PasswordResetRepository {
    private final JdbcClient jdbc;

    PasswordResetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(byte[] tokenHash, UserId user, Instant expiresAt) {
        jdbc.sql("insert into password_resets (token_hash, user_id, expires_at) values (?, ?, ?)")
                .params(tokenHash, user.value(), Timestamp.from(expiresAt)).update();
    }

    public Optional<UserId> findUsable(byte[] tokenHash, Instant now) {
        return jdbc.sql("select r.user_id from password_resets r join users u on u.id = r.user_id "
                        + "where r.token_hash = ? and r.used_at is null and r.expires_at > ? and u.enabled")
                .params(tokenHash, Timestamp.from(now))
                .query((rs, n) -> UserId.of(rs.getString(1))).optional();
    }

    /** Marks the link used, and every other open link of the same user too. False if it was already spent. */
    public boolean spend(byte[] tokenHash) {
        Optional<UserId> owner = jdbc.sql("update password_resets set used_at = now() "
                        + "where token_hash = ? and used_at is null returning user_id")
                .param(tokenHash).query((rs, n) -> UserId.of(rs.getString(1))).optional();
        owner.ifPresent(user -> jdbc.sql("update password_resets set used_at = now() where user_id = ? and used_at is null")
                .param(user.value()).update());
        return owner.isPresent();
    }
}
