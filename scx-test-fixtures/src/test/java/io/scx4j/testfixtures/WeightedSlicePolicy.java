package io.scx4j.testfixtures;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskLocal;
import io.scx4j.api.Weights;

/**
 * The policy of the README's example: every task goes to the global DSQ ({@code SCX_DSQ_GLOBAL}) with a slice in
 * proportion to its weight ({@code SCX_SLICE_DFL * p->scx.weight / 100}, at most four default slices), and counts
 * its enqueues in task-local storage.
 */
final class WeightedSlicePolicy implements SchedOps {
    static final long MAX_SLICE = 4 * Scx.SLICE_DFL;

    private final TaskLocal<long[]> enqueues = TaskLocal.withInitial(() -> new long[1]);

    @Override
    public String name() {
        return "weighted_slice";
    }

    @Override
    public void enqueue(Task p, long enqFlags) {
        enqueues.get(p)[0]++;
        long slice = Math.min(MAX_SLICE, Scx.SLICE_DFL * p.weight() / Weights.DFL);
        Scx.current().dsqInsert(p, Dsq.GLOBAL, slice, enqFlags);
    }

    long enqueuesOf(Task p) {
        return enqueues.get(p)[0];
    }
}
