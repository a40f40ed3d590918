package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lat.warp.registry.IpPrefix;
import lat.warp.shared.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RdapClientUnitTest {

    private static final Instant START = Instant.parse("2026-03-14T12:00:00Z");
    private static final Duration FRESHNESS = Duration.ofDays(7);
    private static final String LACNIC_NETWORK = RegistryFiles.text("/registry/rdap/lacnic-ip-200.3.12.0-22.json");
    private static final String IPV6_NETWORK = RegistryFiles.text("/registry/rdap/lacnic-ip-2801-1e-32.json");
    private static final RdapContact LACNIC_ABUSE = new RdapContact("IRT-EXAMPLE-LACNIC", "LACNIC CSIRT (example)",
            "abuse@lacnic.example", "+598-2604-2222;ext=4401");

    private final MutableClock clock = new MutableClock(START);
    private final AtomicLong fakeNanos = new AtomicLong();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final InMemoryRdapCache cache = new InMemoryRdapCache();
    private final RdapServer server = new RdapServer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startServer() throws IOException {
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
        http.close();
    }

    @Test
    void theAbuseContactComesFromTheEntityNestedInTheRegistrant() {
        RdapResult result = client(10).lookup("200.3.13.10");

        assertThat(result.found()).isTrue();
        assertThat(result.handle()).isEqualTo("200.3.12.0/22");
        assertThat(result.name()).isEqualTo("LACNIC - Latin American and Caribbean IP address");
        assertThat(result.country()).isEqualTo("UY");
        assertThat(result.range()).isEqualTo(IpPrefix.parse("200.3.12.0/22"));
        // Once, though LACNIC lists it both under the registrant and at the top; the fax number is skipped.
        assertThat(result.abuseContacts()).containsExactly(LACNIC_ABUSE);
        assertThat(result.fetchedAt()).isEqualTo(START);
        assertThat(server.requests()).containsExactly("/rdap/ip/200.3.13.10");
        assertThat(server.acceptHeaders()).containsExactly("application/rdap+json");
    }

    @Test
    void anIpv6NetworkTakesItsRangeFromStartAndEndAndItsNameFromTheRegistrant() {
        RdapResult result = client(10).lookup("2801:1e:0:1::5");

        assertThat(result.range()).isEqualTo(IpPrefix.parse("2801:1e::/32"));
        assertThat(result.name()).isEqualTo("Example Network Operator S.A.");
        assertThat(result.abuseContacts()).containsExactly(
                new RdapContact("ABU-EXAMPLE-LACNIC", "Abuse desk", "abuse@operator.example.uy", null));
        assertThat(server.requests()).containsExactly("/rdap/ip/2801:1e:0:1::5");
    }

    @Test
    void aFreshCachedAnswerIsReturnedWithoutARequest() {
        RdapClient client = client(10);
        RdapResult first = client.lookup("200.3.13.10");

        clock.advance(FRESHNESS.minusSeconds(1));
        RdapResult second = client.lookup("200.3.13.10");

        assertThat(second).isEqualTo(first);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aStaleCachedAnswerIsFetchedAgain() {
        RdapClient client = client(10);
        client.lookup("200.3.13.10");

        clock.advance(FRESHNESS);
        RdapResult refreshed = client.lookup("200.3.13.10");

        assertThat(server.requests()).hasSize(2);
        assertThat(refreshed.fetchedAt()).isEqualTo(START.plus(FRESHNESS));
    }

    @Test
    void offlineAStaleCachedAnswerIsServedFromTheCache() {
        RdapClient client = client(10);
        RdapResult fetched = client.lookup("200.3.13.10");
        server.stop();

        clock.advance(FRESHNESS.plusDays(30));
        RdapResult offline = client.lookup("200.3.13.10");

        assertThat(offline).isEqualTo(fetched);
        assertThat(offline.fetchedAt()).isEqualTo(START);
    }

    @Test
    void offlineWithoutACachedAnswerTheLookupIsUnavailable() {
        RdapClient client = client(10);
        server.stop();

        assertThatThrownBy(() -> client.lookup("200.3.13.10"))
                .isInstanceOf(RdapUnavailableException.class)
                .hasMessageStartingWith("RDAP server 127.0.0.1 could not be asked");
    }

    @Test
    void aServerErrorFallsBackToTheCacheOrIsUnavailable() {
        RdapClient client = client(10);
        client.lookup("200.3.13.10");
        server.answerAll(503, "{\"errorCode\":503,\"title\":\"Service Unavailable\"}");
        clock.advance(FRESHNESS.plusDays(1));

        assertThat(client.lookup("200.3.13.10").abuseContacts()).containsExactly(LACNIC_ABUSE);
        assertThatThrownBy(() -> client.lookup("200.3.13.11"))
                .isInstanceOf(RdapUnavailableException.class)
                .hasMessage("RDAP server 127.0.0.1 answered HTTP 503 for 200.3.13.11");
    }

    @Test
    void aNotFoundAnswerIsAnEmptyResultAndIsCachedToo() {
        RdapClient client = client(10);

        RdapResult result = client.lookup("192.0.2.1");
        RdapResult again = client.lookup("192.0.2.1");

        assertThat(result).isEqualTo(RdapResult.noSuchNetwork(START));
        assertThat(result.found()).isFalse();
        assertThat(result.abuseContacts()).isEmpty();
        assertThat(again).isEqualTo(result);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void malformedJsonIsAClearExceptionAndIsNotCached() {
        RdapClient client = client(10);
        server.answer("198.51.100.1", 200, "{\"objectClassName\": \"ip network\", \"handle\": ");

        assertThatThrownBy(() -> client.lookup("198.51.100.1"))
                .isInstanceOf(MalformedRdapResponseException.class)
                .hasMessageStartingWith("RDAP answer is not valid JSON");
        assertThat(cache.size()).isZero();
    }

    @Test
    void answersOfTheWrongShapeAreClearExceptionsNeverNullPointers() {
        RdapClient client = client(10);
        server.answer("198.51.100.1", 200, "[]");
        server.answer("198.51.100.2", 200, "{\"objectClassName\": \"entity\", \"handle\": \"X\"}");
        server.answer("198.51.100.3", 200, "{\"objectClassName\": \"ip network\"}");

        assertThatThrownBy(() -> client.lookup("198.51.100.1")).isInstanceOf(MalformedRdapResponseException.class)
                .hasMessage("RDAP answer is not a JSON object");
        assertThatThrownBy(() -> client.lookup("198.51.100.2")).isInstanceOf(MalformedRdapResponseException.class)
                .hasMessage("RDAP answer is an 'entity', not an 'ip network'");
        assertThatThrownBy(() -> client.lookup("198.51.100.3")).isInstanceOf(MalformedRdapResponseException.class)
                .hasMessage("RDAP answer has no network handle");
    }

    @Test
    void oddOptionalMembersAreIgnoredRatherThanFailing() {
        server.answer("198.51.100.4", 200, """
                {"objectClassName": "ip network", "handle": "NET-ODD", "country": 7, "cidr0_cidrs": "none",
                 "startAddress": "198.51.100.0", "endAddress": "198.51.100.127",
                 "entities": [null, 3, {"roles": "abuse"}, {"roles": ["ABUSE"], "vcardArray": ["vcard", "x"]},
                              {"roles": ["abuse"], "handle": "A2", "vcardArray": ["vcard", [["email"], 5,
                                ["email", {}, "text", ["first@example.net", "second@example.net"]]]]}]}
                """);

        RdapResult result = client(10).lookup("198.51.100.4");

        assertThat(result.country()).isNull();
        assertThat(result.range()).isEqualTo(IpPrefix.parse("198.51.100.0/25"));
        assertThat(result.abuseContacts()).containsExactly(new RdapContact(null, null, null, null),
                new RdapContact("A2", null, "first@example.net", null));
    }

    @Test
    void aRangeThatIsNotOneCidrBlockHasNoPrefix() {
        server.answer("198.51.100.5", 200, """
                {"objectClassName": "ip network", "handle": "NET-3",
                 "startAddress": "198.51.100.0", "endAddress": "198.51.100.2"}
                """);

        assertThat(client(10).lookup("198.51.100.5").range()).isNull();
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnavailable() {
        server.hang("198.51.100.9");
        RdapClient client = new RdapClient(new RdapClient.Settings(server.baseUrl(), Duration.ofMillis(300), FRESHNESS,
                Duration.ofSeconds(1), 1 << 20), cache, bucket(10, false), http, clock);

        assertThatThrownBy(() -> client.lookup("198.51.100.9"))
                .isInstanceOf(RdapUnavailableException.class)
                .hasMessage("RDAP server 127.0.0.1 did not answer within 300 ms");
    }

    @Test
    void anOversizedAnswerIsRefused() {
        server.answer("198.51.100.6", 200, "{\"handle\": \"" + "x".repeat(2_000) + "\"}");
        RdapClient client = new RdapClient(new RdapClient.Settings(server.baseUrl(), Duration.ofSeconds(5), FRESHNESS,
                Duration.ofSeconds(1), 1_000), cache, bucket(10, false), http, clock);

        assertThatThrownBy(() -> client.lookup("198.51.100.6"))
                .isInstanceOf(MalformedRdapResponseException.class)
                .hasMessage("RDAP answer larger than 1000 bytes");
    }

    @Test
    void somethingThatIsNotAnAddressIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client(10).lookup("rdap.lacnic.net")).isInstanceOf(InvalidInputException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void atFivePerSecondTwentyLookupsAreSpreadSoThatNoSecondHoldsMoreThanFive() {
        RdapClient client = client(5, true);

        for (int i = 0; i < 20; i++) {
            client.lookup("200.3.12." + i);
        }

        List<Long> sentAt = server.fakeNanosAtRequests();
        assertThat(sentAt).hasSize(20);
        for (int i = 5; i < sentAt.size(); i++) {
            // Any six consecutive requests span at least a second: never more than five in one.
            assertThat(sentAt.get(i) - sentAt.get(i - 5)).as("request %d", i).isGreaterThanOrEqualTo(1_000_000_000L);
        }
        // One every 200 ms: the twentieth goes 3.8 s after the first.
        assertThat(fakeNanos.get()).isEqualTo(Duration.ofMillis(3_800).toNanos());
    }

    @Test
    void callersThatWouldWaitLongerThanTheBoundFailAtOnce() {
        // The sleeper returns at once without moving the clock: as if all twenty callers came together.
        RdapClient client = client(5, false);
        int answered = 0;
        List<String> refusals = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            try {
                client.lookup("200.3.12." + i);
                answered++;
            } catch (RdapUnavailableException e) {
                refusals.add(e.getMessage());
            }
        }

        // One at once, then one per 200 ms for as long as a caller accepts to wait (1 s): five more.
        assertThat(answered).isEqualTo(6);
        assertThat(refusals).hasSize(14).allSatisfy(message ->
                assertThat(message).isEqualTo("RDAP rate limit reached: no request could be made within 1000 ms"));
        assertThat(server.requests()).hasSize(6);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600),
                Duration.ofMillis(800), Duration.ofMillis(1000));
    }

    @Test
    void theRateLimitRefusesWithAStaleAnswerInTheCacheAndReturnsIt() {
        RdapClient client = client(1, false);
        RdapResult fetched = client.lookup("200.3.13.10");
        clock.advance(FRESHNESS.plusDays(1));
        client.lookup("200.3.13.11");

        // The next permit is 2 s away, more than the 1 s a caller waits.
        RdapResult refused = client.lookup("200.3.13.10");

        assertThat(refused).isEqualTo(fetched);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void theSinglePrefixOfAnAddressRangeIsFoundOnlyWhenItIsOneCidrBlock() {
        assertThat(RdapClient.singlePrefix(address("10.0.0.0"), address("10.255.255.255")))
                .isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        assertThat(RdapClient.singlePrefix(address("0.0.0.0"), address("255.255.255.255")))
                .isEqualTo(IpPrefix.parse("0.0.0.0/0"));
        assertThat(RdapClient.singlePrefix(address("192.0.2.7"), address("192.0.2.7")))
                .isEqualTo(IpPrefix.parse("192.0.2.7/32"));
        assertThat(RdapClient.singlePrefix(address("2001:db8::"), address("2001:db8:0:ffff:ffff:ffff:ffff:ffff")))
                .isEqualTo(IpPrefix.parse("2001:db8::/48"));
        assertThat(RdapClient.singlePrefix(address("2001:db8::"), address("2001:db8::ff")))
                .isEqualTo(IpPrefix.parse("2001:db8::/120"));
        assertThat(RdapClient.singlePrefix(address("10.0.0.1"), address("10.0.0.2"))).isNull();
        assertThat(RdapClient.singlePrefix(address("10.0.0.0"), address("10.0.2.255"))).isNull();
        assertThat(RdapClient.singlePrefix(address("10.0.1.0"), address("10.0.0.255"))).isNull();
        assertThat(RdapClient.singlePrefix(address("10.0.0.0"), address("2001:db8::"))).isNull();
    }

    private static IpPrefix.IpAddress address(String text) {
        return IpPrefix.IpAddress.parse(text);
    }

    private RdapClient client(int perSecond) {
        return client(perSecond, true);
    }

    private RdapClient client(int perSecond, boolean sleepingAdvancesTime) {
        RdapClient.Settings settings = new RdapClient.Settings(server.baseUrl(), Duration.ofSeconds(5), FRESHNESS,
                Duration.ofSeconds(1), 1 << 20);
        return new RdapClient(settings, cache, bucket(perSecond, sleepingAdvancesTime), http, clock);
    }

    private TokenBucket bucket(int perSecond, boolean sleepingAdvancesTime) {
        return new TokenBucket(perSecond, 1, fakeNanos::get, duration -> {
            sleeps.add(duration);
            if (sleepingAdvancesTime) {
                fakeNanos.addAndGet(duration.toNanos());
            }
        });
    }

    /** A local RDAP server: LACNIC-style answers for 200.3.12.0/22 and 2801:1e::/32, 404 for the rest. */
    private final class RdapServer {

        private final Map<String, Answer> answers = new ConcurrentHashMap<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
        private final List<Long> fakeNanosAtRequests = new CopyOnWriteArrayList<>();
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private volatile Answer answerForAll;
        private HttpServer server;

        private record Answer(int status, String body, boolean hang) {
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/rdap/ip/", this::handle);
            server.start();
        }

        void stop() {
            release.countDown();
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rdap/");
        }

        void answer(String address, int status, String body) {
            answers.put(address, new Answer(status, body, false));
        }

        void answerAll(int status, String body) {
            answerForAll = new Answer(status, body, false);
        }

        void hang(String address) {
            answers.put(address, new Answer(200, "{}", true));
        }

        List<String> requests() {
            return requests;
        }

        List<String> acceptHeaders() {
            return acceptHeaders;
        }

        List<Long> fakeNanosAtRequests() {
            return fakeNanosAtRequests;
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            acceptHeaders.add(exchange.getRequestHeaders().getFirst("Accept"));
            fakeNanosAtRequests.add(fakeNanos.get());
            String address = path.substring("/rdap/ip/".length());
            Answer answer = answerForAll != null ? answerForAll : answers.getOrDefault(address, defaultAnswer(address));
            if (answer.hang()) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rdap+json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        private Answer defaultAnswer(String address) {
            if (address.startsWith("200.3.")) {
                return new Answer(200, LACNIC_NETWORK, false);
            }
            if (address.startsWith("2801:1e:")) {
                return new Answer(200, IPV6_NETWORK, false);
            }
            return new Answer(404, "{\"errorCode\":404,\"title\":\"Not Found\",\"description\":[\"not found\"]}", false);
        }
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
