package lat.warp.audit.web;

import lat.warp.shared.RequiresPermission;
import lat.warp.shared.Permission;
import java.time.Instant;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditFilter;
import lat.warp.audit.AuditOutcome;
import lat.warp.audit.AuditPage;
import lat.warp.audit.AuditQueries;
import lat.warp.audit.AuditVerification;
import lat.warp.audit.AuditVerificationResult;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail over HTTP. AuditQueries and AuditVerification check AUDIT_READ themselves. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

    private final AuditQueries queries;
    private final AuditVerification verification;

    AuditApiController(AuditQueries queries, AuditVerification verification) {
        this.queries = queries;
        this.verification = verification;
    }

    /**
     * Entries newest first. {@code from} and {@code to} are ISO-8601 instants; pass the response's
     * {@code nextBefore} as {@code before} for the next, older page.
     */
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping
    AuditPage list(@RequestParam(required = false) @Nullable AuditAction action,
            @RequestParam(required = false) @Nullable AuditOutcome outcome,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable UUID organisation,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
            @RequestParam(required = false) @Nullable String objectType,
            @RequestParam(required = false) @Nullable String objectId,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "" + AuditQueries.DEFAULT_PAGE_SIZE) int limit) {
        AuditFilter filter = new AuditFilter(action, outcome, actor,
                organisation == null ? null : new OrganisationId(organisation), from, to, objectType, objectId);
        return queries.list(filter, before, limit);
    }

    /** Checks the whole chain; a broken chain is a result (intact=false), not an error. */
    @RequiresPermission(Permission.AUDIT_READ)
    @PostMapping("/verification")
    AuditVerificationResult verify() {
        return verification.verify();
    }
}
