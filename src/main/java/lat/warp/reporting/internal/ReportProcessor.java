package lat.warp.reporting.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.Classification;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import lat.warp.registry.IpPrefix;
import lat.warp.reporting.Audience;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.ReportChannel;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportIndicator;
import lat.warp.reporting.ReportStatus;
import lat.warp.reporting.internal.parsing.Indicator;
import lat.warp.reporting.internal.parsing.IndicatorKind;
import lat.warp.reporting.internal.parsing.ParseLimits;
import lat.warp.reporting.internal.parsing.ParsedReport;
import lat.warp.reporting.internal.parsing.ReportAttachment;
import lat.warp.reporting.internal.parsing.ReportParsers;
import lat.warp.shared.Actor;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to every report, from every channel: the raw bytes are stored and committed first, in a
 * transaction of their own; then the report is parsed, its addresses attributed, and it is answered
 * (outside the region), joined to an open incident (same member and classification within the grouping
 * window, or a reply naming an incident number) or queued for the analysts. If anything in that second
 * step fails, the raw report stays, flagged for manual triage.
 */
@Component
public class ReportProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReportProcessor.class);

    private final ReportRows reports;
    private final IncidentRows incidents;
    private final IncidentLifecycle lifecycle;
    private final Attribution attribution;
    private final ReporterMail mail;
    private final AuditTrail audit;
    private final ReportingProperties properties;
    private final TransactionTemplate newTransaction;

    ReportProcessor(ReportRows reports, IncidentRows incidents, IncidentLifecycle lifecycle, Attribution attribution,
            ReporterMail mail, AuditTrail audit, ReportingProperties properties, PlatformTransactionManager tm) {
        this.reports = reports;
        this.incidents = incidents;
        this.lifecycle = lifecycle;
        this.attribution = attribution;
        this.mail = mail;
        this.audit = audit;
        this.properties = properties;
        this.newTransaction = new TransactionTemplate(tm);
        newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Stores the raw report and commits it at once, whatever the caller's transaction does later. */
    public void storeRaw(ReportRows.NewReport report, Actor actor) {
        newTransaction.executeWithoutResult(status -> {
            reports.insert(report);
            audit.entry(AuditAction.REPORT_RECEIVED).actor(actor).object("report", report.id())
                    .organisation(report.submittedOrg() == null ? null : new OrganisationId(report.submittedOrg()))
                    .sourceAddress(report.clientAddress()).detail("channel", report.channel())
                    .detail("size", report.raw().length).success();
        });
    }

    /**
     * Parses and decides, in a transaction of its own; never throws. A failure leaves the report in the
     * analysts' queue with the reason.
     *
     * @param parsed what the caller understood already (the forms), or null to parse the raw bytes
     * @param trackingToken the reporter's tracking secret, for a receipt by e-mail; null sends none
     */
    public ReportStatus process(ReportId id, @Nullable ParsedReport parsed, Actor actor,
            @Nullable String trackingToken) {
        try {
            ReportStatus status = newTransaction.execute(s -> decide(id, parsed, actor, trackingToken));
            return status == null ? ReportStatus.QUEUED : status;
        } catch (RuntimeException e) {
            log.warn("Report {} could not be processed; it waits for manual triage", id, e);
            String reason = "Processing failed: " + e.getClass().getSimpleName();
            newTransaction.executeWithoutResult(s -> {
                reports.addProblem(id, reason);
                reports.setStatus(id, ReportStatus.QUEUED);
            });
            return ReportStatus.QUEUED;
        }
    }

    private ReportStatus decide(ReportId id, @Nullable ParsedReport given, Actor actor,
            @Nullable String trackingToken) {
        ReportRows.Row row = reports.find(id).orElseThrow();
        ParsedReport parsed = given != null ? given : parse(row.raw(), row.contentType());
        List<ReportIndicator> indicators = attribute(parsed.indicators());
        UUID holder = mostCommonHolder(indicators);
        Classification classification = lifecycle.classificationOrNull(parsed.classificationHint());
        List<String> problems = new ArrayList<>(parsed.problems());
        if (parsed.indicators().isEmpty() && problems.isEmpty()) {
            problems.add("No address, URL, host name or e-mail address found in the report.");
        }
        storeAttachments(id, parsed.attachments(), problems);
        reports.saveParsed(id, parsed.format().name(), parsed.subject(), parsed.text(), parsed.reporterEmail(),
                parsed.reporterName(), classification == null ? parsed.classificationHint() : classification.type(),
                parsed.occurredAt(), problems, holder, lifecycle.now());
        reports.replaceIndicators(id, indicators);
        ReportRows.Row stored = reports.find(id).orElseThrow();
        String reporter = stored.report().reporterEmail();
        String language = stored.report().language();
        String subject = stored.report().subject() == null ? "" : stored.report().subject();

        // A reply about a known incident joins it as a message.
        Optional<Incident> replied = Optional.ofNullable(ReportParsers.ticketNumberIn(subject)).flatMap(n -> incidents.findByNumber(n, lifecycle.now()));
        if (replied.isPresent() && row.report().channel() == ReportChannel.EMAIL) {
            return reply(id, replied.get(), stored, actor);
        }

        List<ReportIndicator> addresses = indicators.stream().filter(i -> i.inRegion() != null).toList();
        if (!addresses.isEmpty() && addresses.stream().noneMatch(i -> Boolean.TRUE.equals(i.inRegion()))) {
            List<String> registries = addresses.stream().map(ReportIndicator::registry)
                    .filter(r -> r != null && !r.isBlank()).distinct().toList();
            reports.outOfRegion(id, String.join(",", registries));
            if (reporter != null && mayWriteTo(stored)) {
                mail.outOfRegion(reporter, language, subject, registries);
            }
            audit.entry(AuditAction.REPORT_TRIAGED).actor(actor).object("report", id)
                    .detail("outcome", "out of region").detail("registries", String.join(",", registries)).success();
            return ReportStatus.OUT_OF_REGION;
        }

        if (holder != null && classification != null) {
            Optional<IncidentId> open = incidents.openFor(new OrganisationId(holder), classification.type(),
                    lifecycle.now().minus(properties.groupingWindow()));
            if (open.isPresent()) {
                lifecycle.attachReport(open.get(), id, actor, "grouped automatically:");
                receipt(stored, trackingToken);
                return ReportStatus.ATTACHED;
            }
        }
        reports.setStatus(id, ReportStatus.QUEUED);
        receipt(stored, trackingToken);
        return ReportStatus.QUEUED;
    }

    private ReportStatus reply(ReportId id, Incident incident, ReportRows.Row stored, Actor actor) {
        String from = stored.report().reporterEmail();
        boolean fromReporter = from != null && reports.reportersOf(incident.id()).stream()
                .anyMatch(r -> r[0].equalsIgnoreCase(from));
        Audience audience = fromReporter ? Audience.REPORTER : Audience.MEMBER;
        String author = fromReporter ? "REPORTER" : "MEMBER";
        String body = stored.report().body() == null ? "" : stored.report().body();
        Instant at = lifecycle.now();
        incidents.message(incident.id(), audience, author, from == null ? "unknown sender" : from, body,
                id.value(), at);
        reports.attach(id, incident.id());
        lifecycle.step(incident.id(), fromReporter ? "REPORTER_REPLIED" : "MEMBER_REPLIED", actor,
                "by e-mail", audience);
        lifecycle.audited(incident, actor, "reply by e-mail", "report", id);
        return ReportStatus.ATTACHED;
    }

    /** A receipt only for reports that came by e-mail from a person (not an automated sender). */
    private void receipt(ReportRows.Row stored, @Nullable String trackingToken) {
        String reporter = stored.report().reporterEmail();
        if (trackingToken != null && reporter != null && stored.report().channel() == ReportChannel.EMAIL) {
            mail.receipt(reporter, stored.report().language(),
                    stored.report().subject() == null ? "" : stored.report().subject(), trackingToken);
        }
    }

    /** A public reporter's address is written to only once confirmed. */
    private static boolean mayWriteTo(ReportRows.Row row) {
        return row.report().channel() != ReportChannel.PUBLIC_FORM || row.emailConfirmedAt() != null;
    }

    private ParsedReport parse(byte[] raw, String contentType) {
        try {
            return ReportParsers.parse(raw, contentType, ParseLimits.defaults()
                    .withMaxAttachmentBytes((int) Math.min(Integer.MAX_VALUE, properties.maxAttachmentSize().toBytes()))
                    .withMaxReportBytes(properties.maxReportSize().toBytes()));
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("A report parser failed on its input", e);
            return new ParsedReport(lat.warp.reporting.internal.parsing.ReportFormat.TEXT, "(unreadable report)",
                    null, null, null, null, "", List.of(), List.of(),
                    List.of("The report could not be parsed: " + e.getClass().getSimpleName()));
        }
    }

    private void storeAttachments(ReportId id, List<ReportAttachment> attachments, List<String> problems) {
        long limit = properties.maxAttachmentSize().toBytes();
        for (ReportAttachment a : attachments) {
            if (a.content().length > limit) {
                problems.add("Attachment '" + a.filename() + "' is larger than " + limit
                        + " bytes: it is kept only in the raw report.");
                continue;
            }
            reports.addAttachment(id, a.filename(), Sniffer.sniff(a.content()), a.content());
        }
    }

    /** Attributes every IP address (host names stay unattributed), through the registry's one lookup. */
    List<ReportIndicator> attribute(List<Indicator> indicators) {
        List<ReportIndicator> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Indicator i : indicators) {
            if (!seen.add(i.kind() + " " + i.value())) {
                continue;
            }
            if (i.kind() == IndicatorKind.IP) {
                try {
                    AttributionResult r = attribution.attribute(IpPrefix.IpAddress.parse(i.value()));
                    AttributionResult.Holder h = r.holder();
                    out.add(new ReportIndicator(i.kind().name(), i.value(), r.inRegion(), r.registry(),
                            h == null ? null : h.id(), h == null ? null : h.name(),
                            r.country() != null ? r.country() : h == null ? null : h.country()));
                    continue;
                } catch (RuntimeException e) {
                    // Not an address after all: kept unattributed.
                }
            }
            out.add(new ReportIndicator(i.kind().name(), i.value(), null, null, null, null, null));
        }
        return out;
    }

    private static @Nullable UUID mostCommonHolder(List<ReportIndicator> indicators) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ReportIndicator i : indicators) {
            if (i.holderId() != null && Boolean.TRUE.equals(i.inRegion())) {
                counts.merge(i.holderId(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> UUID.fromString(e.getKey()))
                .orElse(null);
    }
}
