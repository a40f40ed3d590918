package lat.warp.platform;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of CONTRACT.md, bound in application.yml from the WARP_* environment variables.
 *
 * @param dataDir where the embedded PostgreSQL and stored files live
 * @param demo load demo data on first start; unset means "when embedded"
 * @param publicUrl the address users reach the server at, for links in e-mails
 */
@ConfigurationProperties("warp")
public record WarpProperties(Path dataDir, Db db, @Nullable Boolean demo, Bootstrap bootstrap, Mail mail,
        String publicUrl) {

    public record Db(@Nullable String url, @Nullable String user, @Nullable String password) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    public record Bootstrap(@Nullable String adminEmail, @Nullable String adminPassword, @Nullable String apiToken) {
    }

    public record Mail(@Nullable String smtpHost, int smtpPort, @Nullable String smtpUser,
            @Nullable String smtpPassword, String from) {
        public boolean configured() {
            return smtpHost != null && !smtpHost.isBlank();
        }
    }

    public boolean demoEnabled() {
        return demo != null ? demo : !db.external();
    }
}
