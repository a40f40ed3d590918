package lat.warp.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lat.warp.events.FeedIngest;
import lat.warp.shared.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pulls the configured feed URLs on {@code warp.feeds.pull.cron} (off by default, so that the server never needs
 * the network to run). Each body is streamed into the feed archive as an upload would be, and a job is queued
 * for it as the system; a source that fails is logged and does not stop the others.
 */
@Component
public class FeedPull {

    private static final Logger log = LoggerFactory.getLogger(FeedPull.class);

    private final FeedIngest ingest;
    private final FeedPullProperties properties;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    FeedPull(FeedIngest ingest, FeedPullProperties properties,
            @Value("${warp.feeds.pull.timeout:5m}") Duration timeout) {
        this.ingest = ingest;
        this.properties = properties;
        this.timeout = timeout;
    }

    @Scheduled(cron = "${warp.feeds.pull.cron:-}", zone = "UTC")
    void onSchedule() {
        pullNow(properties.sources());
    }

    /** Pulls each source once; the ids of the jobs queued, one per source that answered. */
    public List<String> pullNow(List<FeedPullProperties.Source> sources) {
        List<String> jobs = new ArrayList<>();
        for (FeedPullProperties.Source source : sources) {
            try {
                String job = Actors.runAsSystem("feed-pull", () -> {
                    try {
                        return pull(source);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                });
                log.info("Feed pull of {}: job {}", source.url(), job);
                jobs.add(job);
            } catch (RuntimeException e) {
                // A refused connection has no message: the exception's class says what happened.
                Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
                log.error("Feed pull of {} failed: {}", source.url(),
                        cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
            }
        }
        return jobs;
    }

    private String pull(FeedPullProperties.Source source) throws IOException {
        URI uri = URI.create(source.url());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException("not an http(s) URL");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return ingest.upload(source.format(), source.report(), source.mapping(), name(uri), body);
        }
    }

    /** The URL's file name: Shadowserver report types are told from it. */
    private static String name(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? uri.getHost() : last;
    }
}
