package io.scx4j.api.example;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import java.util.List;

// README: "Write your first policy" shows this file; keep the two in step.
/** A global FIFO policy: every task goes to one shared DSQ, and each CPU takes the oldest task. */
public final class FirstPolicy implements SchedOps {
    static final long SHARED_DSQ = 0;
    static final PolicyOption<Long> SLICE_US =
            PolicyOption.ofLong("slice_us", 20_000, "time slice in microseconds").withRange(1L, 1_000_000L);

    private final long sliceNs;
    private Scx scx;

    FirstPolicy(long sliceNs) {
        this.sliceNs = sliceNs;
    }

    @Override
    public String name() {
        return "first";
    }

    @Override
    public int init(Scx scx) {
        this.scx = scx;
        return scx.createDsq(SHARED_DSQ, Scx.NUMA_NO_NODE);
    }

    @Override
    public void enqueue(Task p, long enqFlags) {
        scx.dsqInsert(p, SHARED_DSQ, sliceNs, enqFlags);
    }

    @Override
    public void dispatch(int cpu, Task prev) {
        scx.dsqMoveToLocal(SHARED_DSQ);
    }

    /** Found by ServiceLoader through META-INF/services/io.scx4j.api.PolicyProvider. */
    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public String description() {
            return "global FIFO: one shared DSQ that every CPU consumes";
        }

        @Override
        public List<PolicyOption<?>> options() {
            return List.of(SLICE_US);
        }

        @Override
        public SchedOps create(PolicyConfig config) {
            return new FirstPolicy(config.get(SLICE_US) * 1_000);
        }
    }
}
