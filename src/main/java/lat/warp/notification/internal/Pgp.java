package lat.warp.notification.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * The OpenPGP operations notification needs, on Bouncy Castle's lightweight API: generating a key
 * (Ed25519 for signatures, X25519 for encryption), detached signatures for PGP/MIME, encryption to a
 * contact's key, and reading a contact's key with the reasons it cannot be used.
 */
public final class Pgp {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pgp() {
    }

    /** Why a contact's key cannot be used: shown as the delivery's error. */
    public static final class KeyProblem extends Exception {
        public KeyProblem(String message) {
            super(message);
        }
    }

    public record KeyRings(PGPSecretKeyRing secret, PGPPublicKeyRing publicRing) {
        public String fingerprint() {
            return HexFormat.of().withUpperCase().formatHex(publicRing.getPublicKey().getFingerprint());
        }
    }

    /** A new key: an Ed25519 primary key that certifies and signs, and an X25519 subkey that decrypts. */
    public static KeyRings generate(String userId, char[] passphrase) {
        try {
            Date now = new Date();
            Ed25519KeyPairGenerator signing = new Ed25519KeyPairGenerator();
            signing.init(new Ed25519KeyGenerationParameters(RANDOM));
            AsymmetricCipherKeyPair signingPair = signing.generateKeyPair();
            PGPKeyPair primary = new org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair(
                    PublicKeyAlgorithmTags.EDDSA_LEGACY, signingPair, now);
            X25519KeyPairGenerator encryption = new X25519KeyPairGenerator();
            encryption.init(new X25519KeyGenerationParameters(RANDOM));
            PGPKeyPair subkey = new org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH,
                    encryption.generateKeyPair(), now);

            PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
            primaryPackets.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            primaryPackets.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            primaryPackets.setPreferredSymmetricAlgorithms(false, new int[] {SymmetricKeyAlgorithmTags.AES_256});
            PGPSignatureSubpacketGenerator subPackets = new PGPSignatureSubpacketGenerator();
            subPackets.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
                    userId, sha1, primaryPackets.generate(), null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
                    new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0x90)
                            .setSecureRandom(RANDOM).build(passphrase));
            generator.addSubKey(subkey, subPackets.generate(), null);
            return new KeyRings(generator.generateSecretKeyRing(), generator.generatePublicKeyRing());
        } catch (PGPException e) {
            throw new IllegalStateException("Cannot generate an OpenPGP key", e);
        }
    }

    public static String armor(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armored.write(encoded);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    public static String armor(PGPPublicKeyRing ring) {
        try {
            return armor(ring.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String armor(PGPSecretKeyRing ring) {
        try {
            return armor(ring.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PGPSecretKeyRing readSecretRing(String armoured) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            return new PGPSecretKeyRing(in, new org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator());
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("The stored WARP key cannot be read", e);
        }
    }

    public static PGPPrivateKey unlock(PGPSecretKey key, char[] passphrase) {
        try {
            return key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase));
        } catch (PGPException e) {
            throw new IllegalStateException("The WARP key's passphrase does not open it (WARP_PGP_PASSPHRASE)", e);
        }
    }

    /** A detached, ASCII-armoured signature over exactly these bytes (RFC 3156 section 5). */
    public static String signDetached(byte[] data, PGPPublicKey key, PGPPrivateKey privateKey) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(key.getAlgorithm(), HashAlgorithmTags.SHA256), key);
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, key);
            generator.setHashedSubpackets(hashed.generate());
            generator.update(data);
            return armor(generator.generate().getEncoded());
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Cannot sign", e);
        }
    }

    /** The data as an OpenPGP message encrypted to the key (AES-256 with integrity protection), armoured. */
    public static byte[] encrypt(byte[] data, PGPPublicKey key) {
        try {
            PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                    new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
                            .setSecureRandom(RANDOM));
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key).setSecureRandom(RANDOM));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out);
                    OutputStream encrypted = generator.open(armored, new byte[1 << 14])) {
                PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                try (OutputStream body = literal.open(encrypted, PGPLiteralData.BINARY, "", data.length, new Date())) {
                    body.write(data);
                }
            }
            return out.toByteArray();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /** The key of an ASCII-armoured public key block that mail can be encrypted to, or why there is none. */
    public static PGPPublicKey encryptionKey(String armoured) throws KeyProblem {
        PGPPublicKeyRing ring = readPublicRing(armoured);
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.hasRevocation()) {
            throw new KeyProblem("The contact's OpenPGP key " + fingerprint(primary) + " is revoked.");
        }
        if (expired(primary)) {
            throw new KeyProblem("The contact's OpenPGP key " + fingerprint(primary) + " has expired.");
        }
        PGPPublicKey usable = null;
        for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
            PGPPublicKey key = keys.next();
            if (key.isEncryptionKey() && !key.hasRevocation() && !expired(key)
                    && (key.isMasterKey() || certifiedSubkey(key))) {
                usable = key;
            }
        }
        if (usable == null) {
            throw new KeyProblem("The contact's OpenPGP key " + fingerprint(primary) + " has no usable encryption key.");
        }
        return usable;
    }

    public static PGPPublicKeyRing readPublicRing(String armoured) throws KeyProblem {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            Object first = new BcPGPObjectFactory(in).nextObject();
            if (first instanceof PGPPublicKeyRing ring) {
                return ring;
            }
            throw new KeyProblem("The contact's OpenPGP key is not a public key block.");
        } catch (IOException | RuntimeException e) {
            throw new KeyProblem("The contact's OpenPGP key is malformed and cannot be read.");
        }
    }

    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    private static boolean expired(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds > 0 && key.getCreationTime().getTime() + seconds * 1000 < System.currentTimeMillis();
    }

    private static boolean certifiedSubkey(PGPPublicKey key) {
        return key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING).hasNext();
    }
}
