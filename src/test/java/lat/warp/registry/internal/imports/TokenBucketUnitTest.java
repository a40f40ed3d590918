package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketUnitTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final List<Duration> sleeps = new ArrayList<>();
    private final TokenBucket bucket = new TokenBucket(5, 5, nanos::get, sleeps::add);

    @Test
    void aBurstIsGrantedAtOnceThenPermitsComeAtTheRate() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire(Duration.ZERO)).isTrue();
        }
        assertThat(bucket.tryAcquire(Duration.ZERO)).isFalse();
        assertThat(bucket.tryAcquire(Duration.ofMillis(200))).isTrue();

        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void aRefusedCallerTakesNothing() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            bucket.tryAcquire(Duration.ZERO);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryAcquire(Duration.ofMillis(199))).isFalse();
        }

        assertThat(bucket.tryAcquire(Duration.ofMillis(200))).isTrue();
    }

    @Test
    void theBurstRefillsAfterAQuietSpell() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            bucket.tryAcquire(Duration.ZERO);
        }
        nanos.addAndGet(Duration.ofMillis(600).toNanos());

        assertThat(bucket.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(bucket.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(bucket.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(bucket.tryAcquire(Duration.ZERO)).isFalse();
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire(Duration.ZERO)).as("permit %d after a minute", i).isTrue();
        }
        assertThat(bucket.tryAcquire(Duration.ZERO)).isFalse();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRateOrBurstThatCannotWorkIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(0, 1, nanos::get, sleeps::add));
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(1, 0, nanos::get, sleeps::add));
    }
}
