package lat.warp.platform;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Facts the server records about itself once, such as "the demo data is loaded". */
@Service
public class ServerFacts {
    private final JdbcClient jdbc;

    public ServerFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.sql("select value from server_facts where name = ?").param(name).query(String.class).optional();
    }

    /** Records the fact unless it is known already; true if this call recorded it. */
    public boolean recordOnce(String name, String value) {
        return jdbc.sql("insert into server_facts (name, value) values (?, ?) on conflict (name) do nothing")
                .params(name, value).update() == 1;
    }
}
