package io.scx4j.bench;

import io.scx4j.arena.LongField;
import io.scx4j.arena.RecordLayout;
import io.scx4j.arena.Slab;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Slab alloc + write + free of a 32-byte task context, against {@code new} of an equivalent
 * object left to the GC. Target: slab alloc+free ≤ 20 ns, 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SlabBenchmark {
    static final RecordLayout CTX = RecordLayout.builder("ctx").i64("vtime").i64("slice").i64("a").i64("b").build();
    static final LongField VTIME = CTX.longField("vtime");

    /** The on-heap twin of the record. */
    public static final class TaskCtx {
        long vtime;
        long slice;
        long a;
        long b;
    }

    Slab slab;
    Slab owned;
    long counter;
    /** Baseline objects stay reachable for a while, as task contexts do, then die young. */
    final TaskCtx[] live = new TaskCtx[1024];

    @Setup
    public void setup() {
        slab = Slab.create(CTX, 4096);
        owned = Slab.create(CTX, 4096, Slab.Sync.SINGLE_OWNER);
        for (int i = 0; i < 1024; i++) {
            slab.allocate(); // some live records, so the free list is not trivially short
            owned.allocate();
        }
    }

    @Benchmark
    public long slabAllocWriteFree() {
        long h = slab.allocate();
        VTIME.set(slab.segment(), slab.offset(h), ++counter);
        slab.free(h);
        return h;
    }

    @Benchmark
    public long slabSingleOwnerAllocWriteFree() {
        long h = owned.allocate();
        VTIME.set(owned.segment(), owned.offset(h), ++counter);
        owned.free(h);
        return h;
    }

    @Benchmark
    public TaskCtx baselineNewObject() {
        TaskCtx ctx = new TaskCtx();
        ctx.vtime = ++counter;
        live[(int) counter & 1023] = ctx; // escapes: really allocated, later collected
        return ctx;
    }
}
