package io.scx4j.api;

import java.util.Iterator;

/**
 * A walk over a user DSQ, {@code struct bpf_iter_scx_dsq} ({@code bpf_for_each(scx_dsq, p, dsq_id, flags)}). Obtain
 * it with {@link Scx#dsqIter}; it visits the tasks queued when the walk began, in dispatch order (vtime order for
 * a vtime DSQ) or reversed with {@link DsqIterFlags#REV}, and is the handle for {@link Scx#dsqMove} of a visited
 * task. Tasks that leave the DSQ during the walk are skipped.
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
