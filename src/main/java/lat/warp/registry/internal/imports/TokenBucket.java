package lat.warp.registry.internal.imports;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A rate limit of so many permits per second with a burst allowance, computed as a token bucket in its
 * "virtual scheduling" form (GCRA): instead of counting tokens it keeps the time at which the next permit
 * is due, so it needs no refill thread. A caller that would have to wait longer than it is willing to is
 * refused at once rather than queued, so a flood of lookups fails fast instead of piling up threads.
 * Thread-safe.
 */
public final class TokenBucket {

    /** Waits; tests substitute one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** When the next permit is due if no burst allowance were left. */
    private long nextDue = Long.MIN_VALUE;

    /**
     * @param permitsPerSecond the sustained rate
     * @param burst how many permits may be taken at once after a quiet spell (at least 1)
     * @param nanoTime a monotonic clock in nanoseconds, normally {@code System::nanoTime}
     * @param sleeper how to wait, normally {@code Thread.sleep}
     */
    public TokenBucket(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / permitsPerSecond));
        this.burstNanos = (burst - 1) * intervalNanos;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * At most {@code permitsPerSecond} in any second, on the system clock: no burst, so permits are evenly
     * spaced, which is what "N requests per second" in an RIR's terms of use means.
     */
    public static TokenBucket perSecond(double permitsPerSecond) {
        return new TokenBucket(permitsPerSecond, 1, System::nanoTime, duration -> Thread.sleep(duration));
    }

    /**
     * Takes a permit, waiting for it when the rate is used up.
     *
     * @param maxWait the longest the caller is willing to wait
     * @return true once the permit is taken; false at once, taking nothing, when it would come later than
     *     {@code maxWait}
     * @throws InterruptedException when interrupted while waiting (the permit is then spent)
     */
    public boolean tryAcquire(Duration maxWait) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long due = Math.max(nextDue, now);
            wait = due - burstNanos - now;
            if (wait > maxWait.toNanos()) {
                return false;
            }
            nextDue = due + intervalNanos;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
        return true;
    }
}
