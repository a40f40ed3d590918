package lat.warp.audit;

import java.util.List;
import lat.warp.audit.internal.AuditLogRepository;
import lat.warp.audit.internal.AuditReadPermission;
import lat.warp.audit.internal.StoredEntry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Reads the audit trail, newest first. Needs AUDIT_READ, and every read is itself audited. */
@Service
public class AuditQueries {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    private final AuditLogRepository repository;
    private final AuditReadPermission permission;
    private final AuditTrail audit;

    public AuditQueries(AuditLogRepository repository, AuditReadPermission permission, AuditTrail audit) {
        this.repository = repository;
        this.permission = permission;
        this.audit = audit;
    }

    /**
     * One page of matching entries.
     *
     * @param before the previous page's {@link AuditPage#nextBefore()}, or none for the newest page
     * @param pageSize at most {@value #MAX_PAGE_SIZE}; below 1 means {@value #DEFAULT_PAGE_SIZE}
     */
    public AuditPage list(AuditFilter filter, @Nullable Long before, int pageSize) {
        permission.require("read the audit trail");
        int size = pageSize < 1 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        // One row more than shown tells whether an older page exists.
        List<StoredEntry> rows = repository.find(filter, before, size + 1);
        List<AuditEntry> entries = rows.stream().limit(size).map(StoredEntry::toAuditEntry).toList();
        Long nextBefore = rows.size() > size ? entries.getLast().seq() : null;

        AuditTrail.Entry read = audit.entry(AuditAction.AUDIT_READ);
        filter.describe().forEach((criterion, value) -> read.detail("filter." + criterion, value));
        read.detail("before", before).detail("returned", entries.size()).success();
        return new AuditPage(entries, nextBefore);
    }

    public AuditPage list(AuditFilter filter) {
        return list(filter, null, DEFAULT_PAGE_SIZE);
    }
}
