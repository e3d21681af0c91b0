package io.scx4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A per-invocation counter JMH reports as a rate beside ops/s (the secondary result {@code :events}): the engine
 * benchmarks add the simulated events each invocation processed, so runs of different sizes compare in events/s.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class EventCount {
    public long events;

    @Setup(Level.Iteration)
    public void clear() {
        events = 0;
    }
}
