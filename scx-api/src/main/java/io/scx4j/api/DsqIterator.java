package io.scx4j.api;

import java.util.Iterator;

/**
 * A walk over a user DSQ, {@code struct bpf_iter_scx_dsq} ({@code bpf_for_each(scx_dsq, p, dsq_id, flags)}). Obtain
 * it with {@link Scx#dsqIter}; it visits the tasks queued when the walk began, in dispatch order (vtime order for
 * a vtime DSQ) or reversed with {@link DsqIterFlags#REV}, and is the handle for {@link Scx#dsqMove} of a visited
 * task. Tasks that leave the DSQ during the walk are skipped.
 *
 * <p>Like the kernel's iterator, which lives on the BPF program's stack, a walk belongs to the callback (or SYSCALL
 * program) that began it: it ends when {@link #hasNext()} answers false or when that callback returns, whichever
 * comes first, and the engine then reuses the object for a later walk (walking allocates nothing). Do not keep a walk
 * past its callback or use it once over: it reads as empty, or as another walk. Walks may nest (a walk begun while
 * another is open is a different object); at most 16 may be open at once, and one left with {@code break} stays open
 * until its callback returns.
 */
public interface DsqIterator extends Iterator<Task>, Iterable<Task> {
    /** {@code scx_bpf_dsq_move_set_slice(it, slice)}: the slice the next {@link Scx#dsqMove} gives its task. */
    void setMoveSlice(long slice);

    /** {@code scx_bpf_dsq_move_set_vtime(it, vtime)}: the vtime the next {@link Scx#dsqMove} gives its task. */
    void setMoveVtime(long vtime);

    @Override
    default Iterator<Task> iterator() {
        return this;
    }
}
