package lat.warp.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits login attempts per key (the client's IP address): at most {@code maxAttempts} in any sliding
 * window of {@code window}. Held in memory and bounded: beyond {@code maxKeys} keys, the key seen least
 * recently is forgotten, so a flood of addresses cannot exhaust the heap. Forgetting a key only resets
 * its count, and an attacker with that many addresses already has that many separate allowances.
 *
 * <p>Only allowed attempts are recorded, so memory per key is at most {@code maxAttempts} instants and a
 * client that keeps trying while refused regains attempts as its earlier ones leave the window.
 */
public final class LoginThrottle {

    private final int maxAttempts;
    private final Duration window;
    /** Access-ordered, so its eldest entry is the key seen least recently. Guarded by {@code this}. */
    private final LinkedHashMap<String, Deque<Instant>> attemptsByKey;

    public LoginThrottle(int maxAttempts, Duration window, int maxKeys) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The window must be positive, not " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, not " + maxKeys);
        }
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.attemptsByKey = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Records an attempt and returns true if the key has attempts left in the window ending now. */
    public synchronized boolean tryAcquire(String key, Instant now) {
        Deque<Instant> attempts = attemptsByKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        forgetAttemptsOutsideWindow(attempts, now);
        if (attempts.size() >= maxAttempts) {
            return false;
        }
        attempts.addLast(now);
        return true;
    }

    /** How long until the key may try again; zero if it may now. Suits an HTTP Retry-After header. */
    public synchronized Duration retryAfter(String key, Instant now) {
        Deque<Instant> attempts = attemptsByKey.get(key);
        if (attempts == null) {
            return Duration.ZERO;
        }
        forgetAttemptsOutsideWindow(attempts, now);
        if (attempts.size() < maxAttempts) {
            return Duration.ZERO;
        }
        // The oldest attempt in the window is the next to leave it and free a place.
        Duration untilOldestLeaves = Duration.between(now, attempts.getFirst().plus(window));
        return untilOldestLeaves.isNegative() ? Duration.ZERO : untilOldestLeaves;
    }

    /** The number of keys currently remembered; for tests of the memory bound. */
    synchronized int trackedKeyCount() {
        return attemptsByKey.size();
    }

    /** An attempt counts while {@code now < attempt + window}, so it leaves exactly one window later. */
    private void forgetAttemptsOutsideWindow(Deque<Instant> attempts, Instant now) {
        while (!attempts.isEmpty() && !attempts.getFirst().plus(window).isAfter(now)) {
            attempts.removeFirst();
        }
    }
}
