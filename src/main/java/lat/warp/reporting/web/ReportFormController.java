package lat.warp.reporting.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lat.warp.events.Taxonomy;
import lat.warp.identity.Language;
import lat.warp.reporting.MemberReport;
import lat.warp.reporting.PublicReport;
import lat.warp.reporting.ReportIntake;
import lat.warp.reporting.ReportRateLimitedException;
import lat.warp.reporting.ReportTooLargeException;
import lat.warp.reporting.SubmittedReport;
import lat.warp.reporting.Upload;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import lat.warp.shared.PublicEndpoint;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The two report forms: the public one at {@code /report} (no account; the reporter confirms the address
 * through an e-mailed link, a honeypot field hidden by CSS keeps robots out, the service limits reports per
 * client address) and the members' and CSIRTs' one at {@code /reports/new}. Both are plain forms that
 * redirect after a successful post; a refusal shows the form again, filled in as sent, with a readable message.
 */
@Controller
class ReportFormController {

    /** The form's own limit for its one attachment; the service checks its own again. */
    static final long MAX_ATTACHMENT_MB = 10;
    static final List<String> LANGUAGES = List.of("es", "pt", "en");

    private final ReportIntake intake;
    private final MessageSource messages;

    ReportFormController(ReportIntake intake, MessageSource messages) {
        this.intake = intake;
        this.messages = messages;
    }

    /** What the reporter typed, kept to fill the form in again after a refusal. */
    record Fields(String email, String name, String language, String subject, String text, String occurredAt,
            String indicators, String type) {

        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("email", email);
            map.put("name", name);
            map.put("language", language);
            map.put("subject", subject);
            map.put("text", text);
            map.put("occurredAt", occurredAt);
            map.put("indicators", indicators);
            map.put("type", type);
            return map;
        }
    }

    /** A refusal: the message key and its argument. */
    private record Refusal(String key, @Nullable Object argument, int status) {
    }

    @GetMapping("/report")
    @PublicEndpoint("anyone may report a security incident; the e-mailed link confirms the reporter")
    String publicForm(Model model) {
        String language = LocaleContextHolder.getLocale().getLanguage();
        return form(model, false, new Fields("", "", LANGUAGES.contains(language) ? language : "es", "", "", "", "", "")
                .asMap());
    }

    @PostMapping("/report")
    @PublicEndpoint("anyone may report a security incident; the e-mailed link confirms the reporter")
    String submitPublic(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "es") String language, @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "") String occurredAt,
            @RequestParam(defaultValue = "") String indicators, @RequestParam(required = false) @Nullable String website,
            @RequestParam(required = false) @Nullable MultipartFile attachment, HttpServletRequest request,
            HttpServletResponse response, Model model) throws IOException {
        Fields fields = new Fields(email, name, LANGUAGES.contains(language) ? language : "es", subject, text,
                occurredAt, indicators, "");
        Refusal refusal = null;
        try {
            String description = description(text, occurredAt, indicators, Language.of(fields.language()).locale());
            intake.submitPublic(new PublicReport(email.strip(), name.isBlank() ? null : name.strip(),
                    Language.of(fields.language()), subject.strip(), description, website,
                    request.getRemoteAddr(), uploads(attachment)));
        } catch (ReportRateLimitedException e) {
            refusal = new Refusal("reportForm.error.rateLimited", null, 429);
        } catch (BadWhen e) {
            refusal = new Refusal("reportForm.error.when", occurredAt, 400);
        } catch (TooLarge | ReportTooLargeException e) {
            refusal = new Refusal("reportForm.error.attachment", MAX_ATTACHMENT_MB, 413);
        } catch (InvalidInputException e) {
            refusal = refusal(e);
        }
        if (refusal != null) {
            return refused(refusal, response, model, false, fields);
        }
        return "redirect:/report/sent";
    }

    @GetMapping("/report/sent")
    @PublicEndpoint("the page after the public form: check your e-mail")
    String publicSent(Model model) {
        model.addAttribute("trackingUrl", null);
        model.addAttribute("again", "/report");
        return "reporting/report-sent";
    }

    @GetMapping("/reports/new")
    @RequiresPermission(Permission.REPORT_SUBMIT)
    String memberForm(Model model) {
        return form(model, true, new Fields("", "", "", "", "", "", "", "").asMap());
    }

    @PostMapping("/reports/new")
    @RequiresPermission(Permission.REPORT_SUBMIT)
    String submitAsMember(@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "") String occurredAt, @RequestParam(defaultValue = "") String indicators,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(required = false) @Nullable MultipartFile attachment, HttpServletResponse response,
            Model model, RedirectAttributes redirect) throws IOException {
        Fields fields = new Fields("", "", "", subject, text, occurredAt, indicators, type);
        Refusal refusal = null;
        SubmittedReport submitted = null;
        try {
            String suggested = type.isBlank() || Taxonomy.rsit().typesByClass().values().stream()
                    .noneMatch(types -> types.contains(type.strip())) ? null : type.strip();
            submitted = intake.submitAsMember(new MemberReport(subject.strip(),
                    description(text, occurredAt, indicators, LocaleContextHolder.getLocale()), suggested,
                    uploads(attachment)));
        } catch (BadWhen e) {
            refusal = new Refusal("reportForm.error.when", occurredAt, 400);
        } catch (TooLarge | ReportTooLargeException e) {
            refusal = new Refusal("reportForm.error.attachment", MAX_ATTACHMENT_MB, 413);
        } catch (InvalidInputException e) {
            refusal = refusal(e);
        }
        if (refusal != null) {
            return refused(refusal, response, model, true, fields);
        }
        redirect.addFlashAttribute("trackingToken", submitted.trackingToken());
        redirect.addFlashAttribute("trackingUrl", submitted.trackingUrl());
        return "redirect:/reports/sent";
    }

    @GetMapping("/reports/sent")
    @RequiresPermission(Permission.REPORT_SUBMIT)
    String memberSent(Model model) {
        if (!model.containsAttribute("trackingToken")) {
            // Only right after a submission (the link is shown once); a reload goes back to the form.
            return "redirect:/reports/new";
        }
        model.addAttribute("trackingPath", TrackingPageController.PATH + model.getAttribute("trackingToken"));
        model.addAttribute("again", "/reports/new");
        return "reporting/report-sent";
    }

    private String form(Model model, boolean memberForm, Map<String, String> fields) {
        model.addAttribute("memberForm", memberForm);
        model.addAttribute("form", fields);
        model.addAttribute("languages", LANGUAGES);
        model.addAttribute("typesByClass", Taxonomy.rsit().typesByClass());
        model.addAttribute("maxAttachmentMb", MAX_ATTACHMENT_MB);
        if (!model.containsAttribute("error")) {
            model.addAttribute("error", null);
        }
        return "reporting/report-form";
    }

    /**
     * The report's text as the service stores it: what happened, then when and the addresses involved, each
     * under a heading in the reporter's language (the parser finds the addresses anywhere in the text).
     */
    private String description(String text, String occurredAt, String indicators, Locale locale) {
        StringBuilder description = new StringBuilder(text.strip());
        if (!occurredAt.isBlank()) {
            Instant when = when(occurredAt);
            description.append("\n\n").append(messages.getMessage("reportForm.section.when", new Object[] {when}, locale));
        }
        List<String> lines = new ArrayList<>();
        for (String line : indicators.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (!lines.isEmpty()) {
            description.append("\n\n").append(messages.getMessage("reportForm.section.indicators", null, locale));
            lines.forEach(line -> description.append('\n').append(line));
        }
        return text.isBlank() ? "" : description.toString();
    }

    /** A datetime-local field's value (UTC), to the minute or the second. */
    static Instant when(String text) {
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadWhen();
        }
    }

    private static List<Upload> uploads(@Nullable MultipartFile attachment) throws IOException {
        if (attachment == null || attachment.isEmpty()) {
            return List.of();
        }
        if (attachment.getSize() > MAX_ATTACHMENT_MB * 1024 * 1024) {
            throw new TooLarge();
        }
        return List.of(new Upload(fileName(attachment.getOriginalFilename()), attachment.getBytes()));
    }

    /** The file's own name, without any folder a browser may send along. */
    static @Nullable String fileName(@Nullable String original) {
        if (original == null || original.isBlank()) {
            return null;
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1).strip();
        return name.isEmpty() ? null : name.length() > 200 ? name.substring(0, 200) : name;
    }

    private static Refusal refusal(InvalidInputException e) {
        String key = switch (e.field()) {
            case "reporterEmail", "email" -> "reportForm.error.email";
            case "language" -> "invalid.language";
            default -> "reportForm.error.required";
        };
        return new Refusal(key, null, 400);
    }

    /** The "when" field holds no time. */
    private static final class BadWhen extends RuntimeException {
        BadWhen() {
            super(null, null, false, false);
        }
    }

    /** The attachment is above the form's limit. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** The form again, as typed, with the refusal's message and status. */
    private String refused(Refusal refusal, HttpServletResponse response, Model model, boolean member, Fields fields) {
        response.setStatus(refusal.status());
        model.addAttribute("error", refusal.key());
        model.addAttribute("errorArgument", refusal.argument());
        return form(model, member, fields.asMap());
    }
}
