package lat.warp.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisations table. */
@Repository
public class OrganisationRepository {

    private static final String COLUMNS = "id, name, kind, country, sector, require_two_factor, created_at";

    private final JdbcClient jdbc;

    OrganisationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Organisation> find(OrganisationId id) {
        return jdbc.sql("select " + COLUMNS + " from organisations where id = ?").param(id.value())
                .query(OrganisationRepository::map).optional();
    }

    public Optional<Organisation> findWarp() {
        return jdbc.sql("select " + COLUMNS + " from organisations where kind = 'WARP'")
                .query(OrganisationRepository::map).optional();
    }

    public List<Organisation> findByKindAndCountry(OrganisationKind kind, String country) {
        return jdbc.sql("select " + COLUMNS + " from organisations where kind = ? and country = upper(?) order by name")
                .params(kind.name(), country).query(OrganisationRepository::map).list();
    }

    public Optional<Organisation> findByName(String name) {
        return jdbc.sql("select " + COLUMNS + " from organisations where lower(name) = lower(?)").param(name)
                .query(OrganisationRepository::map).optional();
    }

    public List<Organisation> search(String query) {
        return jdbc.sql("select " + COLUMNS + " from organisations "
                        + "where ? = '' or name ilike '%' || ? || '%' or country = upper(?) order by lower(name) limit 500")
                .param(query).param(query.replace("%", "\\%").replace("_", "\\_")).param(query)
                .query(OrganisationRepository::map).list();
    }

    public Organisation insert(OrganisationId id, OrganisationDraft draft) {
        jdbc.sql("insert into organisations (id, name, kind, country, sector, require_two_factor) values (?, ?, ?, ?, ?, ?)")
                .params(id.value(), draft.name(), draft.kind().name(), draft.country(), draft.sector(),
                        draft.requireTwoFactor())
                .update();
        return find(id).orElseThrow();
    }

    public Organisation update(OrganisationId id, OrganisationDraft draft) {
        jdbc.sql("update organisations set name = ?, country = ?, sector = ?, require_two_factor = ?, updated_at = now() "
                        + "where id = ?")
                .params(draft.name(), draft.country(), draft.sector(), draft.requireTwoFactor(), id.value())
                .update();
        return find(id).orElseThrow();
    }

    public void setTwoFactorRequired(OrganisationId id, boolean required) {
        jdbc.sql("update organisations set require_two_factor = ?, updated_at = now() where id = ?")
                .params(required, id.value()).update();
    }

    public int moveResources(OrganisationId from, OrganisationId to) {
        int moved = 0;
        for (String table : new String[] {"ip_resources", "asn_resources", "domain_resources", "contacts"}) {
            moved += jdbc.sql("update " + table + " set organisation_id = ? where organisation_id = ?")
                    .params(to.value(), from.value()).update();
        }
        return moved;
    }

    public List<Organisation> largestHolders(String country, int limit) {
        return jdbc.sql("""
                        select o.id, o.name, o.kind, o.country, o.sector, o.require_two_factor, o.created_at
                        from organisations o join ip_resources r on r.organisation_id = o.id
                        where (? = '' or o.country = ?) and o.kind = 'MEMBER'
                        group by o.id order by count(*) desc, o.name limit ?""")
                .params(country, country, limit).query(OrganisationRepository::map).list();
    }

    private static Organisation map(ResultSet rs, int row) throws SQLException {
        return new Organisation(new OrganisationId(rs.getObject("id", UUID.class)), rs.getString("name"),
                OrganisationKind.valueOf(rs.getString("kind")), rs.getString("country"), rs.getString("sector"),
                rs.getBoolean("require_two_factor"), rs.getTimestamp("created_at").toInstant());
    }
}
