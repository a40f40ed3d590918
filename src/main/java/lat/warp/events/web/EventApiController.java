package lat.warp.events.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import lat.warp.events.Event;
import lat.warp.events.EventQuery;
import lat.warp.events.EventRollups;
import lat.warp.events.EventSearch;
import lat.warp.events.internal.FieldText;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events visible to the caller, in IntelMQ's dotted field names: JSON ({@code {next, events}}), NDJSON or
 * CSV by {@code Accept}, written row by row as the database returns them. The next page's cursor is also in
 * the {@code X-Next-Cursor} header, for the formats that have no place for it.
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
class EventApiController {

    static final String NDJSON = EventCsv.NDJSON;
    static final int DEFAULT_LIMIT = 250;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventSearch search;
    private final EventRollups rollups;

    EventApiController(EventSearch search, EventRollups rollups) {
        this.search = search;
        this.rollups = rollups;
    }

    @GetMapping("/rollups")
    @RequiresPermission({Permission.EVENT_SEARCH_ALL, Permission.EVENT_READ_OWN})
    @Operation(summary = "Daily event counts by holder, country, AS, class, type and feed (a member: its own only)")
    List<EventRollups.Count> rollups(@RequestParam String from, @RequestParam String to,
            @RequestParam(name = "classification.type", required = false) @Nullable String type) {
        return rollups.daily(date("from", from), date("to", to), type);
    }

    private static java.time.LocalDate date(String field, String text) {
        try {
            return java.time.LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be a date such as 2024-01-05.");
        }
    }

    @GetMapping
    @RequiresPermission({Permission.EVENT_SEARCH_ALL, Permission.EVENT_READ_OWN})
    @Operation(summary = "Events visible to the caller: analysts all, members those inside their networks plus the "
            + "shared TLP:CLEAR/GREEN threats; time.min required, at most 31 days per request; keyset pages with `next`; "
            + "limit 1 to 10,000, default 250; raw=true adds each event's `raw` (Base64 of its original row, read back "
            + "from the archived file; null when that file or row is no longer kept, counted in X-Raw-Missing), limit at most 250")
    void events(@RequestParam("time.min") String timeMin, @RequestParam(name = "time.max", required = false) @Nullable String timeMax,
            @RequestParam(name = "classification.type", required = false) @Nullable String type,
            @RequestParam(name = "source.ip", required = false) @Nullable String sourceIp,
            @RequestParam(name = "source.asn", required = false) @Nullable String sourceAsn,
            @RequestParam(name = "feed.name", required = false) @Nullable String feedName,
            @RequestParam(required = false) @Nullable String cursor,
            // 250 by default: a page of 1,000 costs about 50 ms of CPU (docs/benchmarks.md), over the 50 ms target
            // on its own; larger pages stay available up to EventSearch.MAX_LIMIT.
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            // raw=true: each event's raw (IntelMQ's Base64 of the original row) read back from its job's archived
            // file; pages of at most 250; null for an event whose file or row is no longer kept.
            @RequestParam(defaultValue = "false") boolean raw,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletResponse response) throws IOException {
        EventQuery query = new EventQuery(time("time.min", timeMin), timeMax == null ? null : time("time.max", timeMax),
                type, sourceIp, asn(sourceAsn), feedName, cursor, limit);
        String format = accept == null ? "json" : accept.contains(NDJSON) ? "ndjson" : accept.contains("text/csv") ? "csv" : "json";
        Writer[] out = new Writer[1];
        // JSON goes through one generator for the whole page, straight to the response's bytes: no string and
        // no generator per event (a page of 1,000 is about 2.7 MB).
        JsonGenerator[] gen = new JsonGenerator[1];
        String[] rawProblem = new String[1];
        search.search(query, raw, new EventSearch.PageListener() {
            @Override
            public void rawMissing(int count, @Nullable String problem) {
                response.setHeader("X-Raw-Missing", Integer.toString(count));
                rawProblem[0] = count > 0 ? problem : null;
            }

            @Override
            public void start(@Nullable String next) {
                response.setStatus(200);
                response.setCharacterEncoding("UTF-8");
                response.setContentType(switch (format) {
                    case "ndjson" -> NDJSON;
                    case "csv" -> EventCsv.CSV;
                    default -> "application/json";
                });
                if (next != null) {
                    response.setHeader("X-Next-Cursor", next);
                }
                try {
                    if (format.equals("json")) {
                        gen[0] = JSON.createGenerator(new BufferedOutputStream(response.getOutputStream(), 1 << 16));
                        gen[0].writeStartObject();
                        gen[0].writeName("next");
                        if (next == null) {
                            gen[0].writeNull();
                        } else {
                            gen[0].writeString(next);
                        }
                        if (rawProblem[0] != null) {
                            // Why some events' raw is null (the archived file gone, e.g. by retention).
                            gen[0].writeName("raw_problem");
                            gen[0].writeString(rawProblem[0]);
                        }
                        gen[0].writeName("events");
                        gen[0].writeStartArray();
                        return;
                    }
                    out[0] = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
                    if (format.equals("csv")) {
                        EventCsv.header(out[0]);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public @Nullable JsonGenerator intelMqJson() {
                return gen[0];
            }

            @Override
            public void event(Event event) {
                try {
                    switch (format) {
                        case "ndjson" -> EventCsv.ndjson(out[0], event);
                        case "csv" -> EventCsv.row(out[0], event);
                        default -> {
                            JsonGenerator g = gen[0];
                            g.writeStartObject();
                            for (var field : event.toIntelMq().entrySet()) {
                                g.writeName(field.getKey());
                                g.writePOJO(field.getValue());
                            }
                            g.writeEndObject();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        if (format.equals("json")) {
            gen[0].writeEndArray();
            gen[0].writeEndObject();
            gen[0].close();
        } else {
            out[0].flush();
        }
    }

    static Instant time(String field, String text) {
        Instant t = FieldText.instant(text);
        if (t == null) {
            throw new InvalidInputException(field, field + " must be a time such as 2024-01-05T10:00:00Z or a date.");
        }
        return t;
    }

    static @Nullable Long asn(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        long asn = FieldText.asn(text);
        if (asn == FieldText.INVALID || asn == 0) {
            throw new InvalidInputException("source.asn", "source.asn must be an AS number.");
        }
        return asn;
    }
}
