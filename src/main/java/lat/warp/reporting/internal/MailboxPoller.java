package lat.warp.reporting.internal;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import lat.warp.reporting.ReportChannel;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportStatus;
import lat.warp.shared.Actor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the reports mailbox ({@code WARP_IMAP_URL}, {@code imap://user:pass@host:port/INBOX}; {@code imaps://}
 * for TLS). Every unseen message is stored raw, whole RFC 822 bytes, and committed; only then is it marked
 * seen; then it is processed. A message that cannot be stored stays unseen for the next poll; one that
 * cannot be parsed is kept raw and flagged for manual triage. Nothing a sender puts in a message stops the
 * poller.
 */
@Component
public class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    private static final int BATCH = 200;

    private final ReportProcessor processor;
    private final ReportRows reports;
    private final Clock clock;
    private final @Nullable String configuredUrl;

    MailboxPoller(ReportProcessor processor, ReportRows reports, Clock clock,
            @Value("${warp.imap.url:}") @Nullable String configuredUrl) {
        this.processor = processor;
        this.reports = reports;
        this.clock = clock;
        this.configuredUrl = configuredUrl;
    }

    @Scheduled(fixedDelayString = "${warp.imap.poll-interval:60s}", initialDelayString = "${warp.imap.initial-delay:20s}")
    void pollConfigured() {
        if (configuredUrl == null || configuredUrl.isBlank()) {
            return;
        }
        try {
            poll(configuredUrl);
        } catch (RuntimeException e) {
            log.warn("Polling the reports mailbox failed; trying again at the next poll: {}", e.getMessage());
        }
    }

    /** What one poll did. */
    public record PollResult(int stored, int duplicates, int failed) {
    }

    /**
     * Reads every unseen message of the mailbox once.
     *
     * @param url {@code imap://user:pass@host:port/FOLDER}
     */
    public PollResult poll(String url) {
        URI uri = URI.create(url);
        String protocol = uri.getScheme() == null ? "imap" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new IllegalArgumentException("WARP_IMAP_URL must be imap:// or imaps://");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        String folderName = uri.getPath() == null || uri.getPath().length() <= 1 ? "INBOX" : uri.getPath().substring(1);
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "30000");
        props.put("mail." + protocol + ".partialfetch", "false");
        Session session = Session.getInstance(props);
        int stored = 0;
        int duplicates = 0;
        int failed = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(uri.getHost(), uri.getPort(), user, password);
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_WRITE);
            try {
                Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                for (int i = 0; i < unseen.length && i < BATCH; i++) {
                    switch (take(unseen[i])) {
                        case STORED -> stored++;
                        case DUPLICATE -> duplicates++;
                        case FAILED -> failed++;
                    }
                }
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("The reports mailbox cannot be read: " + e.getMessage(), e);
        }
        if (stored + duplicates + failed > 0) {
            log.info("Reports mailbox: {} stored, {} seen before, {} left for the next poll", stored, duplicates,
                    failed);
        }
        return new PollResult(stored, duplicates, failed);
    }

    private enum Outcome { STORED, DUPLICATE, FAILED }

    /** One message: raw bytes stored and committed, then marked seen, then processed. */
    private Outcome take(Message message) {
        byte[] raw;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            raw = out.toByteArray();
        } catch (Exception e) {
            log.warn("A message of the reports mailbox could not be read; it stays unseen", e);
            return Outcome.FAILED;
        }
        String messageId = header(message, "Message-ID");
        if (messageId == null) {
            // No Message-ID: the digest of the bytes keeps a message seen twice from becoming two reports.
            messageId = "<sha256:" + Secrets.sha256Hex(raw) + ">";
        }
        if (reports.messageIdKnown(messageId)) {
            markSeen(message);
            return Outcome.DUPLICATE;
        }
        Actor actor = Actor.system("imap");
        ReportId id = new ReportId(UUID.randomUUID());
        String token = Secrets.newToken();
        try {
            processor.storeRaw(new ReportRows.NewReport(id, ReportChannel.EMAIL, clock.instant(), raw, "message/rfc822",
                    messageId, ReportStatus.RECEIVED, subject(message), from(message), null, language(message), null,
                    null, actor.label(), null, null, Secrets.hash(token)), actor);
        } catch (RuntimeException e) {
            if (reports.messageIdKnown(messageId)) {
                markSeen(message);
                return Outcome.DUPLICATE;
            }
            log.warn("A message of the reports mailbox could not be stored; it stays unseen for the next poll", e);
            return Outcome.FAILED;
        }
        markSeen(message);
        // No receipt to automated senders (RFC 3834), so that two robots never answer each other for ever.
        processor.process(id, null, actor, automated(message) ? null : token);
        return Outcome.STORED;
    }

    private static boolean automated(Message message) {
        String auto = header(message, "Auto-Submitted");
        String precedence = header(message, "Precedence");
        return (auto != null && !auto.equalsIgnoreCase("no"))
                || (precedence != null && precedence.toLowerCase(Locale.ROOT).matches("bulk|list|junk"));
    }

    private static void markSeen(Message message) {
        try {
            message.setFlag(Flags.Flag.SEEN, true);
        } catch (MessagingException | RuntimeException e) {
            log.warn("A stored message could not be marked seen; it will be recognised by its Message-ID", e);
        }
    }

    private static @Nullable String header(Message message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null || values.length == 0 ? null : values[0].strip();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException | RuntimeException e) {
            return header(message, "Subject");
        }
    }

    private static @Nullable String from(Message message) {
        try {
            String replyTo = header(message, "Reply-To");
            String from = replyTo != null ? replyTo : header(message, "From");
            if (from == null) {
                return null;
            }
            InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
            return parsed.length == 0 ? null : parsed[0].getAddress().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** The reporter's language from {@code Content-Language}; Spanish, the region's most common, otherwise. */
    private static String language(Message message) {
        String value = header(message, "Content-Language");
        if (value != null) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return "pt";
            }
            if (v.startsWith("en")) {
                return "en";
            }
        }
        return "es";
    }
}
