package lat.warp.identity.internal;

import java.sql.Array;
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
import lat.warp.identity.Language;
import lat.warp.identity.User;
import lat.warp.identity.UserDraft;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users and memberships tables. Secrets (password hash, TOTP secret) never leave this module. */
@Repository
public class UserRepository {

    private static final String SELECT = """
            select u.id, u.email, u.name, u.language, u.enabled, u.totp_secret is not null as two_factor,
                   u.locked_until, u.last_login_at, u.created_at, m.organisation_id, m.roles
            from users u join memberships m on m.user_id = u.id
            """;

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What login needs about an account, secrets included. */
    public record Credentials(User user, @Nullable String passwordHash, int failedLogins,
            byte @Nullable [] totpSecret, long totpLastStep) {
    }

    public Optional<User> find(UserId id) {
        return jdbc.sql(SELECT + " where u.id = ?").param(id.value()).query(UserRepository::map).optional();
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.sql(SELECT + " where lower(u.email) = lower(?)").param(email).query(UserRepository::map).optional();
    }

    public List<User> listByOrganisation(OrganisationId organisation) {
        return jdbc.sql(SELECT + " where m.organisation_id = ? order by u.email").param(organisation.value())
                .query(UserRepository::map).list();
    }

    public List<User> listAll() {
        return jdbc.sql(SELECT + " order by u.email limit 2000").query(UserRepository::map).list();
    }

    public boolean anyWithRole(Role role) {
        return jdbc.sql("select exists (select 1 from memberships m join users u on u.id = m.user_id "
                        + "where ? = any (m.roles) and u.enabled)")
                .param(role.name()).query(Boolean.class).single();
    }

    public Optional<Credentials> credentialsByEmail(String email) {
        return jdbc.sql("select u.password_hash, u.failed_logins, u.totp_secret, u.totp_last_step, u.id "
                        + "from users u where lower(u.email) = lower(?)")
                .param(email)
                .query((rs, n) -> UserId.of(rs.getString("id")))
                .optional()
                .flatMap(this::credentials);
    }

    public Optional<Credentials> credentials(UserId id) {
        return find(id).flatMap(user -> jdbc.sql(
                        "select password_hash, failed_logins, totp_secret, totp_last_step from users where id = ?")
                .param(id.value())
                .query((rs, n) -> new Credentials(user, rs.getString("password_hash"), rs.getInt("failed_logins"),
                        rs.getBytes("totp_secret"), rs.getLong("totp_last_step")))
                .optional());
    }

    public void insert(UserId id, UserDraft draft, @Nullable String passwordHash) {
        jdbc.sql("insert into users (id, email, name, language, password_hash, password_changed_at) "
                        + "values (?, ?, ?, ?, ?, case when cast(? as text) is null then null else now() end)")
                .params(id.value(), draft.email(), draft.name(), draft.language().code(), passwordHash, passwordHash)
                .update();
        jdbc.sql("insert into memberships (user_id, organisation_id, roles) values (?, ?, ?::text[])")
                .params(id.value(), draft.organisation().value(), rolesLiteral(draft.roles())).update();
    }

    public void update(UserId id, UserDraft draft) {
        jdbc.sql("update users set email = ?, name = ?, language = ?, updated_at = now() where id = ?")
                .params(draft.email(), draft.name(), draft.language().code(), id.value()).update();
        jdbc.sql("update memberships set organisation_id = ?, roles = ?::text[] where user_id = ?")
                .params(draft.organisation().value(), rolesLiteral(draft.roles()), id.value()).update();
    }

    public void setEnabled(UserId id, boolean enabled) {
        jdbc.sql("update users set enabled = ?, updated_at = now() where id = ?").params(enabled, id.value()).update();
    }

    public void setLanguage(UserId id, Language language) {
        jdbc.sql("update users set language = ?, updated_at = now() where id = ?")
                .params(language.code(), id.value()).update();
    }

    public void setPasswordHash(UserId id, String hash) {
        jdbc.sql("update users set password_hash = ?, password_changed_at = now(), failed_logins = 0, "
                        + "locked_until = null, updated_at = now() where id = ?")
                .params(hash, id.value()).update();
    }

    /** Counts a failure; locks the account for {@code lockFor} once the threshold is reached. Returns the new count. */
    public int recordFailedLogin(UserId id, int threshold, java.time.Duration lockFor) {
        return jdbc.sql("""
                update users set failed_logins = failed_logins + 1,
                    locked_until = case when failed_logins + 1 >= ? then now() + ? * interval '1 second' else locked_until end
                where id = ? returning failed_logins""")
                .params(threshold, lockFor.toSeconds(), id.value()).query(Integer.class).single();
    }

    public void recordSuccessfulLogin(UserId id) {
        jdbc.sql("update users set failed_logins = 0, locked_until = null, last_login_at = now() where id = ?")
                .param(id.value()).update();
    }

    public void unlock(UserId id) {
        jdbc.sql("update users set failed_logins = 0, locked_until = null, updated_at = now() where id = ?")
                .param(id.value()).update();
    }

    public void setTotpSecret(UserId id, byte @Nullable [] secret, long lastStep) {
        jdbc.sql("update users set totp_secret = ?, totp_last_step = ?, updated_at = now() where id = ?")
                .params(secret, lastStep, id.value()).update();
    }

    /**
     * Stores the step of an accepted code, but only if it is newer than the one stored: of two
     * concurrent logins with the same code, exactly one wins.
     */
    public boolean advanceTotpStep(UserId id, long step) {
        return jdbc.sql("update users set totp_last_step = ? where id = ? and totp_last_step < ?")
                .params(step, id.value(), step).update() == 1;
    }

    private static String rolesLiteral(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(",", "{", "}"));
    }

    static User map(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        return new User(new UserId(rs.getObject("id", UUID.class)), rs.getString("email"), rs.getString("name"),
                Language.of(rs.getString("language")), new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                roles, rs.getBoolean("enabled"), rs.getBoolean("two_factor"), instant(rs.getTimestamp("locked_until")),
                instant(rs.getTimestamp("last_login_at")), rs.getTimestamp("created_at").toInstant());
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
