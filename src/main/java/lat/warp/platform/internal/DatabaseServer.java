package lat.warp.platform.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The PostgreSQL the server talks to; owns the embedded process when there is one. */
record DatabaseServer(@Nullable EmbeddedPostgres embedded, String jdbcUrl, @Nullable String user,
        @Nullable String password) implements AutoCloseable {

    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
