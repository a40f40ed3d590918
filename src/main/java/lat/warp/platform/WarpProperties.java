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
            // Each SMTP command waits for its reply: without TCP_NODELAY, Nagle's algorithm and the server's
            // delayed ACK hold the end of every message back for up to 40 ms.
            props.put("mail.smtp.socketFactory", NoDelaySockets.INSTANCE);
            props.put("mail.smtp.socketFactory.fallback", "false");
            return props;
        }
    }

    public boolean demoEnabled() {
        return demo != null ? demo : !db.external();
    }

    /** Plain sockets with TCP_NODELAY, for SMTP. */
    static final class NoDelaySockets extends javax.net.SocketFactory {
        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            java.net.Socket socket = new java.net.Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            java.net.Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            java.net.Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(local, localPort));
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            java.net.Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local,
                int localPort) throws java.io.IOException {
            java.net.Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(local, localPort));
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }
    }
}
