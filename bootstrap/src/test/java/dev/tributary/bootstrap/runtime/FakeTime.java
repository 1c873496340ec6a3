package dev.tributary.bootstrap.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that moves only when told, and a sleeper that moves it instead of sleeping: no test waits on the wall. The
 * sleeper never moves the clock past {@link #stopAt}: a sleeping loop then just yields, so a test can look at the
 * world at an exact moment however fast the loops spin.
 */
final class FakeTime extends Clock {
    static final Instant START = Instant.parse("2026-11-24T21:04:12Z");
    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());
    private final AtomicLong horizon = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong sleeps = new AtomicLong();

    /** Sleepers stop moving the clock once {@code elapsed} has passed since {@link #START}. */
    void stopAt(Duration elapsed) {
        horizon.set(START.toEpochMilli() + elapsed.toMillis());
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    Duration elapsed() {
        return Duration.ofMillis(millis.get() - START.toEpochMilli());
    }

    long sleeps() {
        return sleeps.get();
    }

    /** Sleeping moves the clock; the thread only yields. */
    DependencyBreakers.Sleeper sleeper() {
        return d -> {
            sleeps.incrementAndGet();
            long now = millis.get();
            if (now + d.toMillis() <= horizon.get()) {
                millis.compareAndSet(now, now + d.toMillis());
            }
            LockSupport.parkNanos(100_000);     // let the test and the other loops run; no time is measured
        };
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
