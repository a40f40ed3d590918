package lat.warp.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import lat.warp.access.AccessControl;
import lat.warp.identity.Language;
import lat.warp.reporting.internal.ReportProcessor;
import lat.warp.reporting.internal.ReportRows;
import lat.warp.reporting.internal.ReporterMail;
import lat.warp.reporting.internal.ReportingProperties;
import lat.warp.reporting.internal.Secrets;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes reports in from the forms and the API (the mailbox poller uses the same processing). Each report
 * is stored raw, and committed, before anything else happens to it.
 */
@Service
public class ReportIntake {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,63}$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AccessControl access;
    private final ReportRows reports;
    private final ReportProcessor processor;
    private final ReporterMail mail;
    private final ReportingProperties properties;
    private final java.time.Clock clock;

    ReportIntake(AccessControl access, ReportRows reports, ReportProcessor processor, ReporterMail mail,
            ReportingProperties properties, java.time.Clock clock) {
        this.access = access;
        this.reports = reports;
        this.processor = processor;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The public form: no account. The report is stored, and the reporter gets a link to confirm the
     * address; only then is the report processed. A filled honeypot is stored as spam and answered like
     * any other submission; too many reports from one address within an hour are refused.
     *
     * @throws ReportRateLimitedException when the client address sent too many reports this hour
     */
    public SubmittedReport submitPublic(PublicReport form) {
        Actor actor = access.current();
        Instant now = clock.instant();
        if (reports.publicReportsSince(form.clientAddress(), now.minus(Duration.ofHours(1)))
                >= properties.publicReportsPerHour()) {
            throw new ReportRateLimitedException();
        }
        String email = form.reporterEmail() == null ? "" : form.reporterEmail().strip();
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidInputException("reporterEmail", "Give an e-mail address we can write to.");
        }
        requireText("subject", form.subject(), 200);
        requireText("description", form.description(), 100_000);
        checkSizes(form.attachments());
        boolean spam = form.honeypot() != null && !form.honeypot().isBlank();
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("reporterEmail", email);
        raw.put("reporterName", form.reporterName());
        raw.put("language", form.language().code());
        raw.put("subject", form.subject());
        raw.put("description", form.description());
        raw.put("honeypot", form.honeypot());
        raw.put("attachments", form.attachments().stream().map(Upload::filename).toList());
        String token = Secrets.newToken();
        String confirmToken = Secrets.newToken();
        ReportId id = new ReportId(UUID.randomUUID());
        processor.storeRaw(new ReportRows.NewReport(id, ReportChannel.PUBLIC_FORM, now, json(raw), "application/json",
                null, ReportStatus.UNCONFIRMED, form.subject(), email, form.reporterName(), form.language().code(),
                form.clientAddress(), null, null, null, spam ? null : Secrets.hash(confirmToken),
                Secrets.hash(token)), actor);
        if (spam) {
            reports.reject(id, "SPAM: honeypot field filled in");
        } else {
            storeFormAttachments(id, form.attachments());
            mail.confirmation(email, form.language().code(), form.subject(), confirmToken);
        }
        return new SubmittedReport(id, token, mail.trackingUrl(token));
    }

    /**
     * The link in the confirmation mail: the report is processed now. Confirming twice is harmless.
     *
     * @throws NotFoundException for an unknown or used token
     */
    public ReportId confirmReporterEmail(String token) {
        if (token == null || token.isBlank()) {
            throw new NotFoundException("This confirmation link is not valid.");
        }
        ReportId id = reports.confirmEmail(Secrets.hash(token.strip()), clock.instant())
                .orElseThrow(() -> new NotFoundException("This confirmation link is not valid or was used already."));
        ReportRows.Row row = reports.find(id).orElseThrow();
        processor.process(id, null, access.current(), null);
        return id;
    }

    /** The form of logged-in members and CSIRTs. */
    public SubmittedReport submitAsMember(MemberReport form) {
        Actor actor = access.require(Permission.REPORT_SUBMIT, "submit an incident report");
        requireText("subject", form.subject(), 200);
        requireText("description", form.description(), 100_000);
        checkSizes(form.attachments());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("subject", form.subject());
        raw.put("description", form.description());
        raw.put("classification", form.classificationType());
        if (actor.kind() == Actor.Kind.USER) {
            raw.put("reporterEmail", actor.label());
        }
        raw.put("attachments", form.attachments().stream().map(Upload::filename).toList());
        String token = Secrets.newToken();
        ReportId id = new ReportId(UUID.randomUUID());
        processor.storeRaw(new ReportRows.NewReport(id, ReportChannel.MEMBER_FORM, clock.instant(), json(raw),
                "application/json", null, ReportStatus.RECEIVED, form.subject(), actor.kind() == Actor.Kind.USER ? actor.label() : null,
                null, "es", null, actor.user() == null ? null : actor.user().value(), actor.label(),
                actor.organisation() == null ? null : actor.organisation().value(), null, Secrets.hash(token)), actor);
        storeFormAttachments(id, form.attachments());
        processor.process(id, null, actor, null);
        return new SubmittedReport(id, token, mail.trackingUrl(token));
    }

    /**
     * {@code POST /api/v1/reports}: JSON, an e-mail ({@code message/rfc822}, incl. X-ARF and ARF) or IODEF XML.
     *
     * @throws ReportTooLargeException above {@code warp.reporting.max-report-size}
     */
    public SubmittedReport submit(byte[] body, @Nullable String contentType) {
        Actor actor = access.require(Permission.REPORT_SUBMIT, "submit an incident report");
        if (body.length > properties.maxReportSize().toBytes()) {
            throw new ReportTooLargeException(properties.maxReportSize().toBytes());
        }
        if (body.length == 0) {
            throw new InvalidInputException("body", "The report is empty.");
        }
        String token = Secrets.newToken();
        ReportId id = new ReportId(UUID.randomUUID());
        processor.storeRaw(new ReportRows.NewReport(id, ReportChannel.API, clock.instant(), body,
                contentType == null ? "application/octet-stream" : contentType, null, ReportStatus.RECEIVED, null, null,
                null, "es", null, actor.user() == null ? null : actor.user().value(), actor.label(),
                actor.organisation() == null ? null : actor.organisation().value(), null, Secrets.hash(token)), actor);
        processor.process(id, null, actor, null);
        return new SubmittedReport(id, token, mail.trackingUrl(token));
    }

    private void checkSizes(List<Upload> uploads) {
        long limit = properties.maxAttachmentSize().toBytes();
        for (Upload u : uploads) {
            if (u.content().length > limit) {
                throw new ReportTooLargeException(limit);
            }
        }
        if (uploads.size() > 20) {
            throw new InvalidInputException("attachments", "At most 20 files per report.");
        }
    }

    private void storeFormAttachments(ReportId id, List<Upload> uploads) {
        for (Upload u : uploads) {
            reports.addAttachment(id, u.filename(), lat.warp.reporting.internal.Sniffer.sniff(u.content()),
                    u.content());
        }
    }

    private static byte[] json(Map<String, Object> fields) {
        return JSON.writeValueAsBytes(fields);
    }

    private static void requireText(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "This field is required.");
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, "At most " + max + " characters.");
        }
    }

    static Language language(@Nullable String code) {
        try {
            return code == null ? Language.ES : Language.of(code);
        } catch (InvalidInputException e) {
            return Language.ES;
        }
    }
}
