package io.scx4j.core.internal;

import io.scx4j.api.DsqIterator;
import io.scx4j.api.Task;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * One DSQ walk, {@code struct bpf_iter_scx_dsq_kern}: the engine's side of a {@link DsqIterator}. Instances are
 * reused (see {@link DsqWalks}), like the BPF program's stack slot the kernel's iterator lives in.
 *
 * <p>What the walk visits follows {@code bpf_iter_scx_dsq_new}/{@code bpf_iter_scx_dsq_next} in
 * {@code kernel/sched/ext.c}: {@code _new} remembers the DSQ's sequence number ({@code dsq->seq}, bumped by every
 * insert, stored in the task's {@code p->scx.dsq_seq}); {@code _next} walks the live list from a cursor node and skips
 * every task whose {@code dsq_seq} is after the remembered one, i.e. every task queued (or re-queued) after the walk
 * began; a task that left the DSQ is no longer on the list. The engine has no cursor node in its list, so it copies
 * the order at the start into a reused array and, at each step, skips the tasks that are no longer on the DSQ or
 * carry a newer sequence number. Tasks queued before the start that are still there keep their relative order (a
 * FIFO never reorders, and a vtime DSQ orders a newcomer among them without moving them), so both ways visit the
 * same tasks in the same order. {@code SCX_DSQ_ITER_REV} copies from the tail.
 *
 * <p>The array grows to the longest DSQ ever walked with this slot and is then reused: no allocation per walk in the
 * steady state. It is not cleared when the walk closes (the tasks it points to are the engine's own, kept for the
 * run's results anyway); a closed walk reads as empty.
 */
final class DsqWalk implements DsqIterator {
    /** The walked DSQ, or null once closed (or for a walk of a DSQ that does not exist). */
    DispatchQueue q;
    /** {@code kit->cursor.priv}: {@code dsq->seq} when the walk began. */
    private long startSeq;
    private TaskStruct[] tasks = new TaskStruct[8];
    private int n;
    private int next;
    /** The callback nesting depth that opened this walk (see {@link DsqWalks}); -1 while free. */
    int depth = -1;
    private final DsqWalks owner;
    long moveSlice;
    boolean moveSliceSet;
    long moveVtime;
    boolean moveVtimeSet;

    DsqWalk(DsqWalks owner) {
        this.owner = owner;
    }

    boolean open() {
        return depth >= 0;
    }

    /** {@code bpf_iter_scx_dsq_new}: begin a walk of {@code dsq} (null: an empty walk), from the tail if {@code rev}. */
    void begin(DispatchQueue dsq, boolean rev, int atDepth) {
        depth = atDepth;
        q = dsq;
        n = 0;
        next = 0;
        clearOverrides();
        if (dsq == null) {
            return;
        }
        startSeq = dsq.seq;
        if (tasks.length < dsq.nr) {
            tasks = Arrays.copyOf(tasks, Math.max(dsq.nr, 2 * tasks.length));
        }
        if (rev) {
            for (TaskStruct t = dsq.tail; t != null; t = t.dsqPrev) {
                tasks[n++] = t;
            }
        } else {
            for (TaskStruct t = dsq.head; t != null; t = t.dsqNext) {
                tasks[n++] = t;
            }
        }
    }

    /** {@code bpf_iter_scx_dsq_destroy}: the slot is free again and the walk reads as empty. */
    void close() {
        depth = -1;
        q = null;
        n = 0;
        next = 0;
    }

    /**
     * The test {@code scx_dsq_move} makes before moving {@code t} ({@code nldsq_cursor_lost_task}): still on the
     * walked DSQ and queued before the walk began. Whether the walk visited {@code t} does not matter.
     */
    boolean stillQueued(TaskStruct t) {
        return q != null && t.dsq == q && t.dsqSeq <= startSeq;
    }

    @Override
    public boolean hasNext() {
        while (next < n && !stillQueued(tasks[next])) {
            next++;
        }
        if (next < n) {
            return true;
        }
        // bpf_iter_scx_dsq_next() returned NULL: bpf_for_each() ends and destroys the iterator
        if (open()) {
            owner.release(this);
        }
        return false;
    }

    @Override
    public Task next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the DSQ walk is over (or was closed when its callback returned)");
        }
        return tasks[next++];
    }

    @Override
    public void setMoveSlice(long slice) {
        moveSlice = slice;
        moveSliceSet = true;
    }

    @Override
    public void setMoveVtime(long vtime) {
        moveVtime = vtime;
        moveVtimeSet = true;
    }

    /** Applies and clears the overrides of {@code scx_bpf_dsq_move_set_slice/vtime} to the task being moved. */
    void applyOverrides(TaskStruct p) {
        if (moveSliceSet) {
            p.slice = moveSlice;
        }
        if (moveVtimeSet) {
            p.dsqVtime = moveVtime;
        }
        clearOverrides();
    }

    /** {@code scx_dsq_move} clears both overrides whether or not the move happened. */
    void clearOverrides() {
        moveSliceSet = false;
        moveVtimeSet = false;
    }
}
