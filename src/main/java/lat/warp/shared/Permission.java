package lat.warp.shared;

/**
 * What a use case needs. Every controller endpoint declares one (or is declared public) and every
 * service checks it again through {@code lat.warp.access.AccessControl}. Each permission belongs to
 * a {@link TokenScope}: an API token holds only the permissions of its scopes that its role grants.
 */
public enum Permission {
    /** Read one's own organisation, its resources and contacts. */
    ORGANISATION_READ_OWN(TokenScope.REGISTRY),
    /** Read every organisation (analysts' directory). */
    ORGANISATION_READ_ANY(TokenScope.REGISTRY),
    /** Manage one's own organisation's security settings, contacts and keys. */
    ORGANISATION_MANAGE_OWN(TokenScope.REGISTRY),
    /** Create and change any organisation. */
    ORGANISATION_MANAGE_ANY(TokenScope.ADMIN),
    /** Look up who holds an address. */
    ATTRIBUTION_LOOKUP(TokenScope.REGISTRY),
    /** Import registry data (delegated statistics, rosters, routing tables). */
    REGISTRY_IMPORT(TokenScope.REGISTRY),

    /** Manage the users of one's own organisation. */
    USER_MANAGE_OWN(TokenScope.ADMIN),
    /** Manage every user. */
    USER_MANAGE_ANY(TokenScope.ADMIN),
    /** Manage the API tokens of one's own organisation. */
    TOKEN_MANAGE_OWN(TokenScope.ADMIN),
    /** Manage every API token. */
    TOKEN_MANAGE_ANY(TokenScope.ADMIN),

    /** Read and verify the audit trail. */
    AUDIT_READ(TokenScope.ADMIN),
    /** Read operational metrics. */
    OPERATIONS_READ(TokenScope.ADMIN),
    /** Change the WARP's configuration and keys. */
    CONFIGURATION_MANAGE(TokenScope.ADMIN),

    /** Submit an incident report while logged in (the public form needs no permission). */
    REPORT_SUBMIT(TokenScope.REPORTS),
    /** See and act on the incidents of one's own organisation. */
    INCIDENT_ACT_OWN(TokenScope.INCIDENTS),
    /** Triage reports and run every incident. */
    INCIDENT_MANAGE(TokenScope.INCIDENTS),

    /** See feed events inside one's own networks, and shared threat indicators. */
    EVENT_READ_OWN(TokenScope.EVENTS),
    /** Read every organisation's notification delivery log and retry parked deliveries. */
    NOTIFICATION_LOG_READ_ANY(TokenScope.INCIDENTS),

    /** Search all events. */
    EVENT_SEARCH_ALL(TokenScope.EVENTS),
    /** Upload feeds. */
    FEED_INGEST(TokenScope.EVENTS),

    /** Share threat information anonymously. */
    BROKER_SHARE(TokenScope.BROKERING),
    /** Moderate brokered items. */
    BROKER_MODERATE(TokenScope.BROKERING),
    /** Take part in unsealing a brokered item's source (two officers together). */
    BROKER_UNSEAL(TokenScope.BROKERING),

    /** Read warnings meant for one's own organisation. */
    WARNING_READ_OWN(TokenScope.WARNINGS),
    /** Write advisories and warnings. */
    WARNING_WRITE(TokenScope.WARNINGS),

    /** Ask the WARP for advice. */
    ADVICE_ASK(TokenScope.ADVICE),
    /** Submit the jointly agreed measurements (CSIRTs). */
    MEASUREMENT_SUBMIT(TokenScope.STATISTICS);

    private final TokenScope scope;

    Permission(TokenScope scope) {
        this.scope = scope;
    }

    public TokenScope scope() {
        return scope;
    }
}
