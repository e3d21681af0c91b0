package io.scx4j.core.internal;

/**
 * A dispatch queue ({@code struct scx_dispatch_q}): an intrusive doubly-linked list of tasks, either FIFO or ordered
 * by {@code dsq_vtime} (PRIQ), never both at once. Built-in DSQs (the global and the per-CPU local ones) are FIFO
 * only.
 */
final class DispatchQueue {
    final long id;
    /** For local DSQs, the CPU; else -1. */
    final int cpu;
    TaskStruct head;
    TaskStruct tail;
    int nr;
    /** {@code dsq->seq}: bumped on every insert; tasks remember theirs, iterators only visit older ones. */
    long seq;
    boolean destroyed;

    DispatchQueue(long id, int cpu) {
        this.id = id;
        this.cpu = cpu;
    }

    boolean isEmpty() {
        return nr == 0;
    }

    /** True if the queue holds vtime-ordered tasks (it was used with insert_vtime and is not empty). */
    boolean isPriq() {
        return head != null && head.onPriq;
    }

    void insertTail(TaskStruct p) {
        link(p, tail, null);
    }

    void insertHead(TaskStruct p) {
        link(p, null, head);
    }

    /** Inserts in vtime order, after tasks with an equal vtime; wrap-safe like {@code time_before64}. */
    void insertVtime(TaskStruct p) {
        TaskStruct after = tail;
        while (after != null && p.dsqVtime - after.dsqVtime < 0) {
            after = after.dsqPrev;
        }
        link(p, after, after == null ? head : after.dsqNext);
        p.onPriq = true;
    }

    private void link(TaskStruct p, TaskStruct prev, TaskStruct next) {
        p.dsq = this;
        p.onPriq = false;
        p.dsqPrev = prev;
        p.dsqNext = next;
        if (prev == null) {
            head = p;
        } else {
            prev.dsqNext = p;
        }
        if (next == null) {
            tail = p;
        } else {
            next.dsqPrev = p;
        }
        p.dsqSeq = ++seq;
        nr++;
    }

    void remove(TaskStruct p) {
        if (p.dsqPrev == null) {
            head = p.dsqNext;
        } else {
            p.dsqPrev.dsqNext = p.dsqNext;
        }
        if (p.dsqNext == null) {
            tail = p.dsqPrev;
        } else {
            p.dsqNext.dsqPrev = p.dsqPrev;
        }
        p.dsq = null;
        p.dsqPrev = null;
        p.dsqNext = null;
        p.onPriq = false;
        nr--;
    }

    /** The first task that may run on {@code cpu}, or null. */
    TaskStruct firstFor(int cpuId) {
        for (TaskStruct t = head; t != null; t = t.dsqNext) {
            if (t.cpusAllowed().contains(cpuId)) {
                return t;
            }
        }
        return null;
    }

    String name() {
        return io.scx4j.api.Dsq.format(id);
    }
}
