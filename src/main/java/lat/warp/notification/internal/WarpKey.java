package lat.warp.notification.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import lat.warp.platform.WarpProperties;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The WARP's own OpenPGP key, which signs every notification. Generated on the first start and kept in
 * the database with its secret part encrypted (AES-256, iterated S2K) under a passphrase that is never
 * stored there (ADR 0013): a stolen database dump alone cannot sign as the WARP.
 */
@Component
public class WarpKey {

    private static final Logger log = LoggerFactory.getLogger(WarpKey.class);

    private final JdbcClient jdbc;
    private final char[] passphrase;
    private final String userId;
    private volatile Loaded loaded;

    private record Loaded(String fingerprint, String publicArmoured, PGPPublicKey signingKey, PGPPrivateKey privateKey) {
    }

    WarpKey(JdbcClient jdbc, NotificationSettings settings, WarpProperties properties) {
        this.jdbc = jdbc;
        this.passphrase = passphrase(settings, properties.dataDir());
        this.userId = "WARP <" + properties.mail().from() + ">";
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureAtStart() {
        key();
    }

    public String fingerprint() {
        return key().fingerprint();
    }

    /** The public key block, ASCII-armoured. */
    public String publicKey() {
        return key().publicArmoured();
    }

    /** A secret for another purpose (acknowledgement links), derived from the passphrase, so never in the database. */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(new String(passphrase).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return mac.doFinal(("warp-notification:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A detached signature over exactly these bytes, ASCII-armoured. */
    public String sign(byte[] data) {
        Loaded k = key();
        return Pgp.signDetached(data, k.signingKey(), k.privateKey());
    }

    private Loaded key() {
        Loaded current = loaded;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = loadOrCreate();
            }
            return loaded;
        }
    }

    private Loaded loadOrCreate() {
        var stored = jdbc.sql("select secret_key from notification_pgp_key where id = 1").query(String.class).optional();
        if (stored.isEmpty()) {
            Pgp.KeyRings rings = Pgp.generate(userId, passphrase);
            int inserted = jdbc.sql("insert into notification_pgp_key (id, fingerprint, public_key, secret_key) "
                            + "values (1, ?, ?, ?) on conflict (id) do nothing")
                    .params(rings.fingerprint(), Pgp.armor(rings.publicRing()), Pgp.armor(rings.secret())).update();
            if (inserted == 1) {
                log.info("Generated the WARP OpenPGP key {}", rings.fingerprint());
            }
            stored = jdbc.sql("select secret_key from notification_pgp_key where id = 1").query(String.class).optional();
        }
        PGPSecretKeyRing ring = Pgp.readSecretRing(stored.orElseThrow());
        PGPPrivateKey privateKey = Pgp.unlock(ring.getSecretKey(), passphrase);
        PGPPublicKey publicKey = ring.getPublicKey();
        String publicArmoured = jdbc.sql("select public_key from notification_pgp_key where id = 1")
                .query(String.class).single();
        return new Loaded(Pgp.fingerprint(publicKey), publicArmoured, publicKey, privateKey);
    }

    private static char[] passphrase(NotificationSettings settings, Path dataDir) {
        if (settings.pgpPassphrase() != null && !settings.pgpPassphrase().isBlank()) {
            return settings.pgpPassphrase().toCharArray();
        }
        Path file = dataDir.resolve("pgp-passphrase");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path temporary = Files.createTempFile(dataDir, "pgp-passphrase", ".tmp");
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the directory's own protection has to do.
                }
                Files.writeString(temporary, Base64.getEncoder().encodeToString(random), StandardCharsets.US_ASCII);
                try {
                    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(temporary);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the OpenPGP passphrase in " + file, e);
        }
    }

}
