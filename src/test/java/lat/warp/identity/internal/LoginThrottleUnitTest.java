package lat.warp.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LoginThrottleUnitTest {

    private static final int MAX_ATTEMPTS = 20;
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-03-14T12:00:00Z");
    private static final String ADDRESS = "192.0.2.7";

    private final LoginThrottle throttle = new LoginThrottle(MAX_ATTEMPTS, WINDOW, 1_000);

    @Test
    void allowsTheConfiguredNumberOfAttemptsAndRefusesTheNext() {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            assertThat(throttle.tryAcquire(ADDRESS, START.plusSeconds(i))).as("attempt %d", i + 1).isTrue();
        }
        assertThat(throttle.tryAcquire(ADDRESS, START.plusSeconds(MAX_ATTEMPTS))).isFalse();
    }

    @Test
    void allowsAgainExactlyOneWindowAfterTheAttempts() {
        useAllAttempts(ADDRESS, START);
        Instant justBefore = START.plus(WINDOW).minusMillis(1);

        assertThat(throttle.tryAcquire(ADDRESS, justBefore)).isFalse();
        useAllAttempts(ADDRESS, START.plus(WINDOW));
        assertThat(throttle.tryAcquire(ADDRESS, START.plus(WINDOW))).isFalse();
    }

    @Test
    void slidesTheWindowRatherThanResettingItAtFixedTimes() {
        throttle.tryAcquire(ADDRESS, START);
        Instant later = START.plus(Duration.ofMinutes(4));
        for (int i = 1; i < MAX_ATTEMPTS; i++) {
            assertThat(throttle.tryAcquire(ADDRESS, later)).isTrue();
        }

        Instant afterFirstLeft = START.plus(WINDOW);
        assertThat(throttle.tryAcquire(ADDRESS, afterFirstLeft)).isTrue();
        assertThat(throttle.tryAcquire(ADDRESS, afterFirstLeft)).isFalse();
    }

    @Test
    void saysHowLongUntilTheNextAttemptIsAllowed() {
        assertThat(throttle.retryAfter(ADDRESS, START)).isEqualTo(Duration.ZERO);
        useAllAttempts(ADDRESS, START);
        Instant oneMinuteLater = START.plus(Duration.ofMinutes(1));

        assertThat(throttle.retryAfter(ADDRESS, oneMinuteLater)).isEqualTo(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter(ADDRESS, START.plus(WINDOW))).isEqualTo(Duration.ZERO);
    }

    @Test
    void countsEachKeySeparately() {
        useAllAttempts(ADDRESS, START);

        assertThat(throttle.tryAcquire("198.51.100.1", START)).isTrue();
        assertThat(throttle.retryAfter("198.51.100.1", START)).isEqualTo(Duration.ZERO);
        assertThat(throttle.tryAcquire(ADDRESS, START)).isFalse();
    }

    @Test
    void remembersNoMoreKeysThanItsLimit() {
        LoginThrottle small = new LoginThrottle(MAX_ATTEMPTS, WINDOW, 3);
        for (int i = 0; i < 100; i++) {
            small.tryAcquire("203.0.113." + i, START);
            assertThat(small.trackedKeyCount()).isLessThanOrEqualTo(3);
        }
        assertThat(small.trackedKeyCount()).isEqualTo(3);
    }

    @Test
    void forgetsTheKeySeenLeastRecentlyWhenFull() {
        LoginThrottle small = new LoginThrottle(1, WINDOW, 2);
        small.tryAcquire("oldest", START);
        small.tryAcquire("recent", START);
        small.tryAcquire("recent", START.plusSeconds(1));

        small.tryAcquire("newcomer", START.plusSeconds(2));

        assertThat(small.tryAcquire("recent", START.plusSeconds(3))).as("recent is still limited").isFalse();
        assertThat(small.tryAcquire("oldest", START.plusSeconds(3))).as("oldest was forgotten").isTrue();
    }

    @Test
    void neverAllowsMoreThanTheLimitWhenManyThreadsTryAtOnce() throws Exception {
        int threads = 8;
        int attemptsPerThread = 50;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch startTogether = new CountDownLatch(1);
            List<Future<Integer>> allowedPerThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                allowedPerThread.add(executor.submit(() -> {
                    startTogether.await();
                    int allowed = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (throttle.tryAcquire(ADDRESS, START)) {
                            allowed++;
                        }
                        // Other keys at the same time exercise the shared map, not just one entry.
                        throttle.tryAcquire("198.51.100." + i, START);
                    }
                    return allowed;
                }));
            }
            startTogether.countDown();
            int totalAllowed = 0;
            for (Future<Integer> allowed : allowedPerThread) {
                totalAllowed += allowed.get();
            }
            assertThat(totalAllowed).isEqualTo(MAX_ATTEMPTS);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LoginThrottle(0, WINDOW, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoginThrottle(1, Duration.ZERO, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoginThrottle(1, WINDOW, 0));
    }

    private void useAllAttempts(String key, Instant at) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            assertThat(throttle.tryAcquire(key, at)).isTrue();
        }
    }
}
