package lat.warp.registry.internal.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import lat.warp.registry.internal.imports.RdapCache.CachedRdap;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks up the network of an IP address and its abuse contacts over RDAP (RFC 9082 query
 * {@code {baseUrl}/ip/{address}}, RFC 9083 answer).
 *
 * <p>Answers are cached by address. A fresh cached answer is returned without any request. A stale one
 * is refreshed, but when the server cannot be reached, answers with an error, or the rate limit refuses,
 * the stale answer is returned rather than nothing: an abuse contact a week old beats none. Only with an
 * empty cache does the lookup fail, with {@link RdapUnavailableException}. Requests are rate-limited by a
 * {@link TokenBucket}, because RIRs throttle and block clients that query too fast. A 404 means no
 * network is registered for the address; it is cached like an answer.
 *
 * <p>Thread-safe.
 */
public final class RdapClient {

    /** What the cache holds for a 404, so that unknown addresses are not asked again and again. */
    static final String NO_SUCH_NETWORK_JSON = "{\"errorCode\":404}";

    private static final String RDAP_JSON = "application/rdap+json";
    private static final int MAX_ENTITY_DEPTH = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Settings settings;
    private final RdapCache cache;
    private final TokenBucket rateLimit;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param baseUrl the RDAP service, e.g. {@code https://rdap.lacnic.net/rdap}
     * @param timeout how long one request may take, from sending it to the last byte of the answer
     * @param freshness how long a cached answer is used without asking again
     * @param maxWaitForRateLimit how long a lookup may wait for the rate limit before it is refused
     * @param maxResponseBytes the largest answer accepted; RDAP answers are a few kilobytes
     */
    public record Settings(URI baseUrl, Duration timeout, Duration freshness, Duration maxWaitForRateLimit,
            int maxResponseBytes) {

        public Settings {
            if (timeout.isNegative() || timeout.isZero() || freshness.isNegative() || maxWaitForRateLimit.isNegative()
                    || maxResponseBytes < 1) {
                throw new IllegalArgumentException("RDAP settings need a positive timeout and response size");
            }
        }

        /** Settings for a base URL with a 10 s timeout, a week of freshness, a 5 s wait and a 1 MiB answer. */
        public static Settings of(URI baseUrl) {
            return new Settings(baseUrl, Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofSeconds(5), 1 << 20);
        }
    }

    public RdapClient(Settings settings, RdapCache cache, TokenBucket rateLimit, HttpClient http, Clock clock) {
        this.settings = settings;
        this.cache = cache;
        this.rateLimit = rateLimit;
        this.http = http;
        this.clock = clock;
    }

    /** A client on the system clock with its own HTTP client, which follows redirects as RDAP bootstrap needs. */
    public static RdapClient create(Settings settings, RdapCache cache, TokenBucket rateLimit) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return new RdapClient(settings, cache, rateLimit, http, Clock.systemUTC());
    }

    /**
     * The network of an address and its abuse contacts.
     *
     * @param address an IPv4 or IPv6 address
     * @throws InvalidInputException when {@code address} is not an IP address
     * @throws RdapUnavailableException when the server cannot be asked and the cache has nothing
     * @throws MalformedRdapResponseException when the server answers with something that is not an RDAP
     *     IP network
     */
    public RdapResult lookup(String address) {
        return lookup(IpAddress.parse(address));
    }

    /** As {@link #lookup(String)}. */
    public RdapResult lookup(IpAddress address) {
        String key = "ip/" + address;
        Optional<CachedRdap> cached = cache.get(key);
        Instant now = clock.instant();
        if (cached.isPresent() && cached.get().fetchedAt().plus(settings.freshness()).isAfter(now)) {
            return interpret(cached.get().json(), cached.get().fetchedAt(), address);
        }
        try {
            if (!rateLimit.tryAcquire(settings.maxWaitForRateLimit())) {
                return staleOrFail(cached, address, new RdapUnavailableException("RDAP rate limit reached: no request "
                        + "could be made within " + settings.maxWaitForRateLimit().toMillis() + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return staleOrFail(cached, address,
                    new RdapUnavailableException("interrupted waiting for the RDAP rate limit", e));
        }
        URI uri = URI.create(stripTrailingSlash(settings.baseUrl().toString()) + "/ip/" + address);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", RDAP_JSON).GET().build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new BoundedBody(settings.maxResponseBytes()));
        HttpResponse<byte[]> response;
        try {
            // One deadline for headers and body alike, so that a server dripping bytes cannot hold a caller.
            response = exchange.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return staleOrFail(cached, address, new RdapUnavailableException("RDAP server " + uri.getHost()
                    + " did not answer within " + settings.timeout().toMillis() + " ms", e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AnswerTooLargeException) {
                throw new MalformedRdapResponseException("RDAP answer larger than " + settings.maxResponseBytes()
                        + " bytes");
            }
            return staleOrFail(cached, address, new RdapUnavailableException("RDAP server " + uri.getHost()
                    + " could not be asked: " + describe(e.getCause()), e.getCause()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return staleOrFail(cached, address, new RdapUnavailableException("interrupted during an RDAP request", e));
        }
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        Instant fetchedAt = clock.instant();
        if (status == 404) {
            cache.put(key, NO_SUCH_NETWORK_JSON, fetchedAt);
            return RdapResult.noSuchNetwork(fetchedAt);
        }
        if (status != 200) {
            return staleOrFail(cached, address, new RdapUnavailableException("RDAP server " + uri.getHost()
                    + " answered HTTP " + status + " for " + address));
        }
        // Interpreted before caching, so that a malformed answer never displaces a good one.
        RdapResult result = interpret(body, fetchedAt, address);
        cache.put(key, body, fetchedAt);
        return result;
    }

    private RdapResult staleOrFail(Optional<CachedRdap> cached, IpAddress address, RdapUnavailableException failure) {
        if (cached.isPresent()) {
            return interpret(cached.get().json(), cached.get().fetchedAt(), address);
        }
        throw failure;
    }

    /** Collects a response body, giving up as soon as it exceeds the limit rather than after reading it all. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + buffer.remaining() > limit) {
                    body.completeExceptionally(new AnswerTooLargeException());
                    if (subscription != null) {
                        subscription.cancel();
                    }
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private static final class AnswerTooLargeException extends IOException {
    }

    /** Reads an RFC 9083 IP network object; tolerant of missing or odd optional members, strict about the rest. */
    static RdapResult interpret(String json, Instant fetchedAt, IpAddress address) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedRdapResponseException("RDAP answer is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRdapResponseException("RDAP answer is not a JSON object");
        }
        if (root.path("errorCode").asInt(0) == 404) {
            return RdapResult.noSuchNetwork(fetchedAt);
        }
        String objectClass = text(root, "objectClassName");
        if (objectClass != null && !objectClass.equals("ip network")) {
            throw new MalformedRdapResponseException("RDAP answer is an '" + objectClass + "', not an 'ip network'");
        }
        String handle = text(root, "handle");
        if (handle == null) {
            throw new MalformedRdapResponseException("RDAP answer has no network handle");
        }
        List<JsonNode> entities = new ArrayList<>();
        collectEntities(root, 0, entities);
        String name = text(root, "name");
        if (name == null) {
            name = entities.stream()
                    .filter(e -> hasRole(e, "registrant"))
                    .map(e -> vcard(e, "fn"))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        }
        List<RdapContact> abuse = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entity : entities) {
            if (hasRole(entity, "abuse")) {
                RdapContact contact = new RdapContact(text(entity, "handle"), vcard(entity, "fn"),
                        vcard(entity, "email"), vcard(entity, "tel"));
                // The same entity often appears both at the top and nested under the registrant.
                if (seen.add(contact.handle() != null ? contact.handle() : contact.toString())) {
                    abuse.add(contact);
                }
            }
        }
        return new RdapResult(handle, name, text(root, "country"), range(root, address), abuse, fetchedAt);
    }

    /** Every entity of the object, nested ones included, depth first, cut off at a depth no real answer reaches. */
    private static void collectEntities(JsonNode object, int depth, List<JsonNode> into) {
        JsonNode entities = object.path("entities");
        if (!entities.isArray() || depth >= MAX_ENTITY_DEPTH) {
            return;
        }
        for (JsonNode entity : entities) {
            if (entity.isObject()) {
                into.add(entity);
                collectEntities(entity, depth + 1, into);
            }
        }
    }

    private static boolean hasRole(JsonNode entity, String role) {
        for (JsonNode r : entity.path("roles")) {
            if (r.isString() && r.stringValue().equalsIgnoreCase(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first value of a jCard property (RFC 7095: {@code ["vcard", [[name, params, type, value], …]]}),
     * skipping fax numbers for {@code tel}.
     */
    private static @Nullable String vcard(JsonNode entity, String property) {
        JsonNode card = entity.path("vcardArray");
        if (!card.isArray() || card.size() < 2 || !card.get(1).isArray()) {
            return null;
        }
        for (JsonNode item : card.get(1)) {
            if (!item.isArray() || item.size() < 4 || !property.equalsIgnoreCase(item.get(0).asString(""))) {
                continue;
            }
            if (property.equals("tel") && mentions(item.get(1).path("type"), "fax")) {
                continue;
            }
            JsonNode value = item.get(3);
            // A structured value (an array) is read as its first component.
            JsonNode first = value.isArray() && value.size() > 0 ? value.get(0) : value;
            String text = first.isString() ? first.stringValue() : null;
            if (text == null || text.isBlank()) {
                continue;
            }
            text = text.strip();
            if (property.equals("tel") && text.regionMatches(true, 0, "tel:", 0, 4)) {
                text = text.substring(4);
            }
            return text;
        }
        return null;
    }

    private static boolean mentions(JsonNode type, String word) {
        if (type.isString()) {
            return type.stringValue().equalsIgnoreCase(word);
        }
        for (JsonNode t : type) {
            if (t.isString() && t.stringValue().equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The network as one prefix: the {@code cidr0_cidrs} entry holding the address, or else
     * {@code startAddress}–{@code endAddress} when that is exactly one CIDR block.
     */
    private static @Nullable IpPrefix range(JsonNode root, IpAddress address) {
        for (JsonNode cidr : root.path("cidr0_cidrs")) {
            String prefix = text(cidr, address.v6() ? "v6prefix" : "v4prefix");
            JsonNode length = cidr.path("length");
            String lengthText = length.isNumber() ? String.valueOf(length.asInt()) : length.asString("");
            if (prefix != null) {
                try {
                    IpPrefix candidate = IpPrefix.parse(prefix + "/" + lengthText);
                    if (candidate.contains(address)) {
                        return candidate;
                    }
                } catch (InvalidInputException e) {
                    // An unreadable entry is skipped; the start and end addresses may still say.
                }
            }
        }
        String start = text(root, "startAddress");
        String end = text(root, "endAddress");
        if (start == null || end == null) {
            return null;
        }
        try {
            return singlePrefix(IpAddress.parse(start), IpAddress.parse(end));
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /** The prefix spanning exactly {@code first}–{@code last}, or null when no single prefix does. */
    static @Nullable IpPrefix singlePrefix(IpAddress first, IpAddress last) {
        if (first.v6() != last.v6() || first.compareTo(last) > 0) {
            return null;
        }
        // The bits that differ must be a run of ones at the end, clear in the first address.
        long hiHost = first.hi() ^ last.hi();
        long loHost = first.lo() ^ last.lo();
        boolean suffix = hiHost == 0 ? isLowOnes(loHost) : loHost == -1L && isLowOnes(hiHost);
        if (!suffix || (first.hi() & hiHost) != 0 || (first.lo() & loHost) != 0) {
            return null;
        }
        int hostBits = Long.bitCount(hiHost) + Long.bitCount(loHost);
        return first.v6()
                ? IpPrefix.v6(first.hi(), first.lo(), 128 - hostBits)
                : IpPrefix.v4(first.lo(), 32 - hostBits);
    }

    private static boolean isLowOnes(long bits) {
        return (bits & (bits + 1)) == 0;
    }

    private static @Nullable String text(JsonNode node, String property) {
        JsonNode value = node.path(property);
        return value.isString() && !value.stringValue().isBlank() ? value.stringValue().strip() : null;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String describe(Throwable e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
