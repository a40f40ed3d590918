package lat.warp.events.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lat.warp.access.AccessControl;
import lat.warp.events.Event;
import lat.warp.events.EventQuery;
import lat.warp.events.EventSearch;
import lat.warp.events.Taxonomy;
import lat.warp.events.internal.FieldText;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Security events for people: filters (time window, type, address or prefix, AS, feed), a page of events
 * newest first with an "Older" link that carries the cursor and the filters, and the same selection as a
 * CSV or NDJSON download. What is shown is what {@link EventSearch} allows: analysts all, members the events
 * inside their networks and the shared threats. Bad filters are reported on the page, in the reader's language.
 */
@Controller
@RequestMapping("/events")
@RequiresPermission({Permission.EVENT_SEARCH_ALL, Permission.EVENT_READ_OWN})
class EventsPageController {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    /** Events in one download; the next part is the cursor in {@code X-Next-Cursor}. */
    static final int EXPORT_LIMIT = EventSearch.MAX_LIMIT;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final EventSearch search;
    private final AccessControl access;
    private final Organisations organisations;

    EventsPageController(EventSearch search, AccessControl access, Organisations organisations) {
        this.search = search;
        this.access = access;
        this.organisations = organisations;
    }

    /** The filters as the form sent them, kept as typed so that the form shows them again. */
    record Filters(String from, String to, String type, String address, String asn, String feed, @Nullable Integer size) {

        static Filters of(@Nullable String from, @Nullable String to, @Nullable String type, @Nullable String address,
                @Nullable String asn, @Nullable String feed) {
            return of(from, to, type, address, asn, feed, null);
        }

        static Filters of(@Nullable String from, @Nullable String to, @Nullable String type, @Nullable String address,
                @Nullable String asn, @Nullable String feed, @Nullable Integer size) {
            return new Filters(from == null || from.isBlank() ? FORM_TIME.format(Instant.now().minus(DEFAULT_WINDOW)
                    .truncatedTo(ChronoUnit.MINUTES)) : from.strip(), clean(to), clean(type), clean(address), clean(asn),
                    clean(feed), size);
        }

        private static String clean(@Nullable String s) {
            return s == null ? "" : s.strip();
        }

        /** A link to this selection on the given path, with a cursor when given. */
        String link(String path, @Nullable String cursor) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath(path).queryParam("from", from);
            for (String[] p : new String[][] {{"to", to}, {"type", type}, {"address", address}, {"asn", asn}, {"feed", feed}}) {
                if (!p[1].isEmpty()) {
                    b.queryParam(p[0], p[1]);
                }
            }
            if (size != null && path.equals("/events")) {
                b.queryParam("size", size);
            }
            if (cursor != null) {
                b.queryParam("cursor", cursor);
            }
            return b.encode().build().toUriString();
        }
    }

    /** A filter the page refuses: the message key and its argument. */
    static final class BadFilter extends RuntimeException {
        final String key;
        final @Nullable Object argument;

        BadFilter(String key, @Nullable Object argument) {
            super(key, null, false, false);
            this.key = key;
            this.argument = argument;
        }
    }

    /** One row of the table. */
    record Row(String time, String type, String taxonomy, String source, @Nullable Long asn, @Nullable String asName,
            @Nullable String country, @Nullable String holderId, @Nullable String holderName, @Nullable String feed,
            @Nullable String tlp, @Nullable String ref) {
    }

    @GetMapping
    String page(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String type, @RequestParam(required = false) @Nullable String address,
            @RequestParam(required = false) @Nullable String asn, @RequestParam(required = false) @Nullable String feed,
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(required = false) @Nullable String size,
            Model model, HttpServletResponse response) {
        Filters filters = Filters.of(from, to, type, address, asn, feed, pageSize(size));
        boolean analyst = access.current().has(Permission.EVENT_SEARCH_ALL);
        model.addAttribute("filters", filters);
        model.addAttribute("typesByClass", Taxonomy.rsit().typesByClass());
        model.addAttribute("showHolder", analyst);
        // Analysts who run incidents may select events and open an incident from them (a reporting page).
        model.addAttribute("canOpenIncident", access.current().has(Permission.INCIDENT_MANAGE));
        model.addAttribute("maxDays", EventSearch.MAX_WINDOW.toDays());
        model.addAttribute("exportLimit", EXPORT_LIMIT);
        List<Row> rows = new ArrayList<>();
        String[] next = new String[1];
        try {
            EventQuery query = query(filters, cursor, filters.size() == null ? PAGE_SIZE : filters.size());
            Map<String, String> holderNames = new HashMap<>();
            search.search(query, new EventSearch.PageListener() {
                @Override
                public void start(@Nullable String nextCursor) {
                    next[0] = nextCursor;
                }

                @Override
                public void event(Event e) {
                    rows.add(row(e, analyst, holderNames));
                }
            });
        } catch (BadFilter e) {
            response.setStatus(400);
            model.addAttribute("filterError", e.key);
            model.addAttribute("filterErrorArgument", e.argument);
            return "events/list";
        } catch (InvalidInputException e) {
            // What the service still refuses, such as a cursor that is not one.
            response.setStatus(400);
            model.addAttribute("filterError", messageKey(e));
            model.addAttribute("filterErrorArgument", null);
            return "events/list";
        }
        model.addAttribute("rows", rows);
        model.addAttribute("olderLink", next[0] == null ? null : filters.link("/events", next[0]));
        model.addAttribute("newestLink", cursor == null || cursor.isBlank() ? null : filters.link("/events", null));
        model.addAttribute("csvLink", filters.link("/events/export.csv", null));
        model.addAttribute("ndjsonLink", filters.link("/events/export.ndjson", null));
        return "events/list";
    }

    @GetMapping("/export.csv")
    String csv(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String type, @RequestParam(required = false) @Nullable String address,
            @RequestParam(required = false) @Nullable String asn, @RequestParam(required = false) @Nullable String feed,
            @RequestParam(required = false) @Nullable String cursor, HttpServletResponse response) throws IOException {
        return export(Filters.of(from, to, type, address, asn, feed), cursor, true, response);
    }

    @GetMapping("/export.ndjson")
    String ndjson(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String type, @RequestParam(required = false) @Nullable String address,
            @RequestParam(required = false) @Nullable String asn, @RequestParam(required = false) @Nullable String feed,
            @RequestParam(required = false) @Nullable String cursor, HttpServletResponse response) throws IOException {
        return export(Filters.of(from, to, type, address, asn, feed), cursor, false, response);
    }

    /** Streams the selection; a bad filter sends the reader back to the page, which explains it. */
    private @Nullable String export(Filters filters, @Nullable String cursor, boolean csv, HttpServletResponse response)
            throws IOException {
        EventQuery query;
        try {
            query = query(filters, cursor, EXPORT_LIMIT);
        } catch (BadFilter e) {
            return "redirect:" + filters.link("/events", cursor);
        }
        Writer[] out = new Writer[1];
        try {
            search.search(query, new EventSearch.PageListener() {
                @Override
                public void start(@Nullable String next) {
                    response.setStatus(200);
                    response.setCharacterEncoding("UTF-8");
                    response.setContentType(csv ? EventCsv.CSV : EventCsv.NDJSON);
                    response.setHeader("Content-Disposition", "attachment; filename=\"events." + (csv ? "csv" : "ndjson") + "\"");
                    if (next != null) {
                        response.setHeader("X-Next-Cursor", next);
                    }
                    try {
                        out[0] = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
                        if (csv) {
                            EventCsv.header(out[0]);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void event(Event event) {
                    try {
                        if (csv) {
                            EventCsv.row(out[0], event);
                        } else {
                            EventCsv.ndjson(out[0], event);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (InvalidInputException e) {
            return "redirect:" + filters.link("/events", cursor);
        }
        out[0].flush();
        return null;
    }

    /** The query the filters ask for; the checks come first so that every refusal has a message of the bundles. */
    private static EventQuery query(Filters f, @Nullable String cursor, int limit) {
        Instant min = FieldText.instant(f.from());
        if (min == null) {
            throw new BadFilter("events.error.from", f.from());
        }
        Instant max = null;
        if (!f.to().isEmpty()) {
            max = FieldText.instant(f.to());
            if (max == null) {
                throw new BadFilter("events.error.to", f.to());
            }
        }
        Instant end = max == null ? Instant.now() : max;
        if (!end.isAfter(min)) {
            throw new BadFilter("events.error.order", null);
        }
        if (Duration.between(min, end).compareTo(EventSearch.MAX_WINDOW) > 0) {
            throw new BadFilter("events.error.window", EventSearch.MAX_WINDOW.toDays());
        }
        if (!f.address().isEmpty()) {
            try {
                IpPrefix.parse(f.address());
            } catch (InvalidInputException e) {
                throw new BadFilter("events.error.address", f.address());
            }
        }
        Long asn = null;
        if (!f.asn().isEmpty()) {
            long n = FieldText.asn(f.asn());
            if (n == FieldText.INVALID || n == 0) {
                throw new BadFilter("events.error.asn", f.asn());
            }
            asn = n;
        }
        return new EventQuery(min, max, f.type().isEmpty() ? null : f.type(),
                f.address().isEmpty() ? null : f.address(), asn, f.feed().isEmpty() ? null : f.feed(),
                cursor == null || cursor.isBlank() ? null : cursor, limit);
    }

    private Row row(Event e, boolean analyst, Map<String, String> holderNames) {
        String source = e.sourceIp() == null ? (e.sourceFqdn() == null ? "" : e.sourceFqdn())
                : e.sourcePort() == null ? e.sourceIp().toString()
                : e.sourceIp().toString().contains(":") ? "[" + e.sourceIp() + "]:" + e.sourcePort()
                : e.sourceIp() + ":" + e.sourcePort();
        String holderId = analyst ? e.holderId() : null;
        String holderName = holderId == null ? null : holderNames.computeIfAbsent(holderId, id -> {
            try {
                return organisations.findForSystem(OrganisationId.of(id)).map(Organisation::name).orElse(id);
            } catch (RuntimeException ex) {
                return id;
            }
        });
        return new Row(e.timeSource() == null ? "" : SHOWN_TIME.format(e.timeSource()), e.classification().type(),
                e.classification().taxonomy(), source, e.sourceAsn(), e.sourceAsName(), e.sourceGeolocationCc(), holderId,
                holderName, e.feedName(), e.tlp() == null ? null : e.tlp().marking(), analyst ? ref(e) : null);
    }

    /**
     * What identifies an event for an incident's evidence, and its holder: {@code time.source|source.ip|type|holder|feed.name},
     * the value of its check box (read back by the reporting module's "open an incident from these events").
     */
    private static @Nullable String ref(Event e) {
        if (e.timeSource() == null) {
            return null;
        }
        return e.timeSource() + "|" + (e.sourceIp() == null ? "" : e.sourceIp().toString()) + "|"
                + e.classification().type() + "|" + (e.holderId() == null ? "" : e.holderId()) + "|"
                + (e.feedName() == null ? "" : e.feedName());
    }

    /** The page size asked for, within bounds; anything else is the default. */
    static @Nullable Integer pageSize(@Nullable String size) {
        if (size == null || size.isBlank()) {
            return null;
        }
        try {
            return Math.clamp(Integer.parseInt(size.strip()), 1, MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String messageKey(InvalidInputException e) {
        // Every field a use case names has its invalid.* message (MessageBundlesTest checks it).
        return "invalid." + e.field();
    }
}
