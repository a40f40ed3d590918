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

        /**
         * The one place that turns these settings into JavaMail session properties (host, port, timeouts,
         * STARTTLS when offered, authentication when a user is set); every sender of mail uses it.
         */
        public java.util.Properties sessionProperties() {
            java.util.Properties props = new java.util.Properties();
            if (configured()) {
                props.put("mail.smtp.host", smtpHost);
                props.put("mail.smtp.port", String.valueOf(smtpPort));
                props.put("mail.smtp.auth", String.valueOf(smtpUser != null && !smtpUser.isBlank()));
            }
            props.put("mail.smtp.connectiontimeout", "10000");
            props.put("mail.smtp.timeout", "10000");
            props.put("mail.smtp.writetimeout", "10000");
            props.put("mail.smtp.starttls.enable", "true");
            return props;
        }
    }

    public boolean demoEnabled() {
        return demo != null ? demo : !db.external();
    }
}
