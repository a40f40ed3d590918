package lat.warp.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lat.warp.registry.ImportReport;
import lat.warp.registry.RegistryImports;
import lat.warp.shared.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refreshes the registry from configured sources on a schedule: off unless
 * {@code warp.registry.refresh.cron} is set, and each source only if configured, so that the server
 * never needs the network to run. A source is an http(s) URL, a file: URL or a path.
 */
@Component
public class ScheduledRefresh {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRefresh.class);

    private final RegistryImports imports;
    private final String delegated;
    private final String routes;
    private final String asNames;
    private final String roster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    ScheduledRefresh(RegistryImports imports, @Value("${warp.registry.refresh.delegated:}") String delegated,
            @Value("${warp.registry.refresh.routes:}") String routes,
            @Value("${warp.registry.refresh.as-names:}") String asNames,
            @Value("${warp.registry.refresh.roster:}") String roster) {
        this.imports = imports;
        this.delegated = delegated;
        this.routes = routes;
        this.asNames = asNames;
        this.roster = roster;
    }

    @Scheduled(cron = "${warp.registry.refresh.cron:-}", zone = "UTC")
    void onSchedule() {
        refreshNow();
    }

    /** Imports every configured source once, in dependency order; a failing source does not stop the others. */
    public List<ImportReport> refreshNow() {
        return Actors.runAsSystem("registry-refresh", () -> {
            List<ImportReport> reports = new ArrayList<>();
            if (!roster.isBlank()) {
                fetch(roster, in -> imports.importRoster(name(roster), in, !roster.toLowerCase().endsWith(".csv")), reports);
            }
            if (!delegated.isBlank()) {
                fetch(delegated, in -> imports.importDelegated(name(delegated), in), reports);
            }
            if (!routes.isBlank()) {
                fetch(routes, in -> imports.importRoutes(name(routes), in), reports);
            }
            if (!asNames.isBlank()) {
                fetch(asNames, in -> imports.importAsNames(name(asNames), in), reports);
            }
            return reports;
        });
    }

    private interface Import {
        ImportReport from(InputStream in);
    }

    private void fetch(String source, Import action, List<ImportReport> reports) {
        try (InputStream in = open(source)) {
            ImportReport report = action.from(in);
            log.info("Scheduled import of {}: {} (added {}, changed {}, removed {}, rejected {})", source,
                    report.outcome(), report.added(), report.changed(), report.removed(), report.rejected());
            reports.add(report);
        } catch (IOException | RuntimeException e) {
            log.error("Scheduled import of {} failed: {}", source, e.getMessage());
        }
    }

    private InputStream open(String source) throws IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(source))
                        .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    throw new IOException("HTTP " + response.statusCode() + " from " + source);
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        Path path = source.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
        return Files.newInputStream(path);
    }

    private static String name(String source) {
        String s = source.replaceAll("[?#].*$", "");
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
