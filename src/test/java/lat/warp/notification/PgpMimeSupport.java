package lat.warp.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.notification.internal.Pgp;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * Reads PGP/MIME as a mail client does, straight from the bytes received: the parts of a
 * multipart/signed or multipart/encrypted entity, a detached signature verified with Bouncy Castle,
 * and an encrypted part decrypted with the contact's private key.
 */
final class PgpMimeSupport {

    private PgpMimeSupport() {
    }

    /** An entity's Content-Type and its body parts, as exact bytes. */
    record Entity(String contentType, byte[][] parts) {
        String part(int i) {
            return new String(parts[i], StandardCharsets.UTF_8);
        }
    }

    static byte[] raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Splits a multipart entity (headers and body) at its boundary, keeping every byte of each part. */
    static Entity split(byte[] entity) {
        String text = new String(entity, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        assertThat(headerEnd).as("end of headers").isPositive();
        String headers = text.substring(0, headerEnd).replaceAll("\r\n[ \t]+", " ");
        Matcher type = Pattern.compile("(?im)^Content-Type:\\s*(.*)$").matcher(headers);
        assertThat(type.find()).as("Content-Type in %s", headers).isTrue();
        String contentType = type.group(1).strip();
        Matcher boundaryMatch = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        assertThat(boundaryMatch.find()).as("boundary in %s", contentType).isTrue();
        String delimiter = "--" + boundaryMatch.group(1);
        java.util.List<byte[]> parts = new java.util.ArrayList<>();
        int start = text.indexOf(delimiter + "\r\n", headerEnd);
        while (start >= 0) {
            int from = start + delimiter.length() + 2;
            int next = text.indexOf("\r\n" + delimiter, from);
            assertThat(next).as("next delimiter").isPositive();
            parts.add(Arrays.copyOfRange(entity, from, next));
            int after = next + 2 + delimiter.length();
            start = text.startsWith("--", after) ? -1 : next + 2;
        }
        return new Entity(contentType, parts.toArray(byte[][]::new));
    }

    /** The body of a part (after its blank line). */
    static byte[] body(byte[] part) {
        String text = new String(part, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return Arrays.copyOfRange(part, end + 4, part.length);
    }

    static boolean verify(byte[] signed, byte[] armouredSignature, PGPPublicKey key) throws Exception {
        InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armouredSignature));
        PGPSignatureList list = (PGPSignatureList) new BcPGPObjectFactory(in).nextObject();
        PGPSignature signature = list.get(0);
        signature.init(new BcPGPContentVerifierBuilderProvider(), key);
        signature.update(signed);
        return signature.verify();
    }

    static byte[] decrypt(byte[] armoured, PGPSecretKeyRing ring, char[] passphrase) throws Exception {
        BcPGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured)));
        Object first = factory.nextObject();
        PGPEncryptedDataList list = first instanceof PGPEncryptedDataList l ? l : (PGPEncryptedDataList) factory.nextObject();
        PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
        PGPPrivateKey key = null;
        for (var keys = ring.getSecretKeys(); keys.hasNext(); ) {
            var secret = keys.next();
            if (secret.getPublicKey().isEncryptionKey() && !secret.getPublicKey().isMasterKey()) {
                key = Pgp.unlock(secret, passphrase);
            }
        }
        InputStream clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(key));
        PGPLiteralData literal = (PGPLiteralData) new BcPGPObjectFactory(clear).nextObject();
        byte[] bytes = literal.getInputStream().readAllBytes();
        assertThat(data.verify()).as("integrity protection").isTrue();
        return bytes;
    }
}
