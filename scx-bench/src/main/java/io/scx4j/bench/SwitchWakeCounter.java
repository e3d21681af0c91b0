package io.scx4j.bench;

import io.scx4j.api.Task;
import io.scx4j.core.EventSink;
import org.jspecify.annotations.Nullable;

/** An event sink counting context switches and wake-ups: the "events" the engine benchmarks report per second. */
final class SwitchWakeCounter implements EventSink {
    long count;

    @Override
    public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
        count++;
    }

    @Override
    public void onWakeup(long timeNs, Task p, int cpu) {
        count++;
    }
}
