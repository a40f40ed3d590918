package lat.warp.notification.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import lat.warp.events.Tlp;
import lat.warp.notification.NotificationPolicy.AttachmentFormat;
import lat.warp.platform.WarpProperties;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;

/**
 * Writes a delivery as an e-mail: the text from the kind's templates in the member's language, the
 * events attached, the whole signed with the WARP key as PGP/MIME (RFC 3156 multipart/signed) and, for a
 * contact with a key, then encrypted to it (multipart/encrypted). The MIME text is assembled here byte
 * for byte, so that what was signed is exactly what is sent.
 */
@Component
class MailComposer {

    /** A template is missing or broken: the delivery is parked at once with this message. */
    static final class TemplateProblem extends Exception {
        TemplateProblem(String message) {
            super(message);
        }
    }

    record Composed(String subject, String bodyText, byte[] mime) {
    }

    private static final String CRLF = "\r\n";

    private final MessageSource messages;
    private final WarpKey key;
    private final AckTokens ackTokens;
    private final WarpProperties properties;

    MailComposer(MessageSource messages, WarpKey key, AckTokens ackTokens, WarpProperties properties) {
        this.messages = messages;
        this.key = key;
        this.ackTokens = ackTokens;
        this.properties = properties;
    }

    /** Subject and plain text of the message, in its language. */
    String[] text(UUID delivery, StoredMessage m, String language) throws TemplateProblem {
        Locale locale = Locale.forLanguageTag(language);
        String kind = m.template();
        String base = publicUrl();
        String tlp = Tlp.valueOf(m.tlp()).marking();
        String subject = "[" + m.reference() + "] [" + tlp + "] " + t("notification.mail.subject." + kind, locale, m.title());
        StringBuilder body = new StringBuilder();
        body.append(t("notification.mail.greeting", locale)).append("\n\n");
        body.append(t("notification.mail.intro." + kind, locale, m.reference())).append("\n\n");
        body.append(m.title()).append("\n");
        body.append(t("notification.mail.reference", locale, m.reference())).append("\n");
        body.append(t("notification.mail.severity", locale, t("notification.severity." + m.severity(), locale)))
                .append("\n");
        if (m.periodFrom() != null) {
            body.append(t("notification.mail.digest.period", locale, m.periodFrom(), m.periodTo())).append("\n");
        }
        if (!m.text().isBlank()) {
            body.append("\n").append(m.text().strip()).append("\n");
        }
        if (m.classificationType() != null) {
            body.append("\n").append(t("notification.mail.advice", locale, m.classificationType(),
                    base + "/advice/" + m.classificationType())).append("\n");
        }
        if (!m.items().isEmpty()) {
            body.append("\n").append(t("notification.mail.digest.items", locale, m.items().size())).append("\n");
            for (StoredMessage item : m.items()) {
                body.append("- [").append(item.reference()).append("] [").append(Tlp.valueOf(item.tlp()).marking())
                        .append("] ").append(item.title()).append("\n");
                if (item.classificationType() != null) {
                    body.append("  ").append(base).append("/advice/").append(item.classificationType()).append("\n");
                }
            }
        }
        if (!m.events().isEmpty() || (m.rendered() != null && m.rendered().count() > 0)) {
            Map<String, Integer> byType = new TreeMap<>();
            int count;
            if (m.rendered() != null) {
                byType.putAll(m.rendered().byType());
                count = m.rendered().count();
            } else {
                m.events().forEach(e -> byType.merge(String.valueOf(e.getOrDefault("classification.type", "other")), 1,
                        Integer::sum));
                count = m.events().size();
            }
            body.append("\n").append(t("notification.mail.digest.events", locale, count)).append("\n");
            byType.forEach((type, n) -> body.append("- ").append(type).append(": ").append(n).append("  ")
                    .append(base).append("/advice/").append(type).append("\n"));
            body.append(t("notification.mail.attachment", locale)).append("\n");
        }
        if (m.link() != null) {
            body.append("\n").append(t("notification.mail.link", locale, base + m.link())).append("\n");
        }
        if (m.acknowledgeable()) {
            body.append("\n").append(t("notification.mail.ack", locale, base + "/ack/" + ackTokens.token(delivery)))
                    .append("\n");
        }
        body.append("\n").append(t("notification.mail.tlp." + Tlp.valueOf(m.tlp()).name(), locale, tlp)).append("\n");
        body.append("\n-- \n").append(t("notification.mail.footer", locale, key.fingerprint(), base + "/pgp-key"))
                .append("\n");
        return new String[] {subject, body.toString()};
    }

    /**
     * The complete message, ready for SMTP.
     *
     * @param encryptTo the contact's key, or null to sign only
     */
    Composed compose(UUID delivery, StoredMessage m, String language, AttachmentFormat format, String recipient,
            @Nullable PGPPublicKey encryptTo, Session session) throws TemplateProblem, MessagingException {
        String[] text = text(delivery, m, language);
        String subject = text[0];
        try {
            // 1. The content: the text, and the events attached.
            String mixedBoundary = boundary("mixed");
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            header(content, "Content-Type: multipart/mixed; boundary=\"" + mixedBoundary + "\"");
            content.write(CRLF.getBytes(StandardCharsets.US_ASCII));
            line(content, "--" + mixedBoundary);
            header(content, "Content-Type: text/plain; charset=UTF-8");
            header(content, "Content-Transfer-Encoding: quoted-printable");
            line(content, "");
            try (OutputStream qp = MimeUtility.encode(new NoClose(content), "quoted-printable")) {
                qp.write(text[1].getBytes(StandardCharsets.UTF_8));
            }
            line(content, "");
            Attachments.Attachment attachment = null;
            if (m.rendered() != null && m.rendered().count() > 0) {
                attachment = new Attachments.Attachment(m.rendered().fileName(), m.rendered().contentType(),
                        m.rendered().content().getBytes(StandardCharsets.UTF_8));
            } else if (!m.events().isEmpty()) {
                attachment = Attachments.of(format, m.events(), properties.mail().from(), m.reference());
            }
            if (attachment != null) {
                line(content, "--" + mixedBoundary);
                header(content, "Content-Type: " + attachment.contentType() + "; name=\"" + attachment.fileName() + "\"");
                header(content, "Content-Transfer-Encoding: base64");
                header(content, "Content-Disposition: attachment; filename=\"" + attachment.fileName() + "\"");
                line(content, "");
                try (OutputStream b64 = MimeUtility.encode(new NoClose(content), "base64")) {
                    b64.write(attachment.content());
                }
                line(content, "");
            }
            line(content, "--" + mixedBoundary + "--");
            byte[] signedPart = content.toByteArray();

            // 2. Signed: multipart/signed over exactly those bytes (RFC 3156 section 5).
            String signature = key.sign(signedPart);
            String signedBoundary = boundary("signed");
            String signedType = "multipart/signed; boundary=\"" + signedBoundary
                    + "\"; micalg=pgp-sha256; protocol=\"application/pgp-signature\"";
            ByteArrayOutputStream signedBody = new ByteArrayOutputStream();
            line(signedBody, "This is an OpenPGP/MIME signed message (RFC 4880 and 3156).");
            line(signedBody, "--" + signedBoundary);
            signedBody.write(signedPart);
            line(signedBody, "");
            line(signedBody, "--" + signedBoundary);
            header(signedBody, "Content-Type: application/pgp-signature; name=\"signature.asc\"");
            header(signedBody, "Content-Description: OpenPGP digital signature");
            header(signedBody, "Content-Disposition: attachment; filename=\"signature.asc\"");
            line(signedBody, "");
            signedBody.write(crlf(signature).getBytes(StandardCharsets.US_ASCII));
            line(signedBody, "");
            line(signedBody, "--" + signedBoundary + "--");

            String topType = signedType;
            byte[] topBody = signedBody.toByteArray();
            if (encryptTo != null) {
                // 3. Encrypted: the signed entity, headers and all, encrypted to the contact (RFC 3156 section 4).
                ByteArrayOutputStream entity = new ByteArrayOutputStream();
                header(entity, "Content-Type: " + signedType);
                line(entity, "");
                entity.write(topBody);
                byte[] encrypted = Pgp.encrypt(entity.toByteArray(), encryptTo);
                String encryptedBoundary = boundary("encrypted");
                ByteArrayOutputStream encryptedBody = new ByteArrayOutputStream();
                line(encryptedBody, "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156).");
                line(encryptedBody, "--" + encryptedBoundary);
                header(encryptedBody, "Content-Type: application/pgp-encrypted");
                header(encryptedBody, "Content-Description: PGP/MIME version identification");
                line(encryptedBody, "");
                line(encryptedBody, "Version: 1");
                line(encryptedBody, "");
                line(encryptedBody, "--" + encryptedBoundary);
                header(encryptedBody, "Content-Type: application/octet-stream; name=\"encrypted.asc\"");
                header(encryptedBody, "Content-Description: OpenPGP encrypted message");
                header(encryptedBody, "Content-Disposition: inline; filename=\"encrypted.asc\"");
                line(encryptedBody, "");
                encryptedBody.write(crlf(new String(encrypted, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                line(encryptedBody, "");
                line(encryptedBody, "--" + encryptedBoundary + "--");
                topType = "multipart/encrypted; boundary=\"" + encryptedBoundary
                        + "\"; protocol=\"application/pgp-encrypted\"";
                topBody = encryptedBody.toByteArray();
            }

            // 4. The message: headers, with the delivery's id as a stable Message-ID.
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            header(message, "From: " + properties.mail().from());
            header(message, "To: " + recipient);
            header(message, "Subject: " + MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", "Q")));
            header(message, "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
            header(message, "Message-ID: <" + delivery + "@warp>");
            header(message, "X-WARP-Delivery: " + delivery);
            header(message, "X-WARP-Reference: " + m.reference());
            header(message, "Auto-Submitted: auto-generated");
            header(message, "MIME-Version: 1.0");
            header(message, "Content-Type: " + topType);
            line(message, "");
            message.write(topBody);
            return new Composed(subject, text[1], message.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("Cannot write the message", e);
        }
    }

    /** The raw message as JavaMail sees it, unchanged when sent (it was parsed, so it is never re-encoded). */
    static MimeMessage parse(Session session, byte[] mime) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(mime));
    }

    private String t(String key, Locale locale, Object... args) throws TemplateProblem {
        try {
            return messages.getMessage(key, args, locale);
        } catch (NoSuchMessageException e) {
            throw new TemplateProblem("No template '" + key + "' for language " + locale.getLanguage() + ".");
        } catch (IllegalArgumentException e) {
            throw new TemplateProblem("The template '" + key + "' (" + locale.getLanguage() + ") is broken: "
                    + e.getMessage());
        }
    }

    private String publicUrl() {
        String url = properties.publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String boundary(String what) {
        return "=_warp_" + what + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void header(OutputStream out, String header) throws IOException {
        line(out, header);
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF.getBytes(StandardCharsets.US_ASCII));
    }

    private static String crlf(String text) {
        String unix = text.replace("\r\n", "\n");
        while (unix.endsWith("\n")) {
            unix = unix.substring(0, unix.length() - 1);
        }
        return unix.replace("\n", CRLF);
    }

    /** Lets an encoder be closed (to flush its last bytes) without closing the stream underneath. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
