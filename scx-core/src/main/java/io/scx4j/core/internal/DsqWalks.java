package io.scx4j.core.internal;

import io.scx4j.api.ExitKind;

/**
 * The DSQ walks ({@code bpf_iter_scx_dsq}) open right now: a small pool of reusable {@link DsqWalk}s, so that
 * {@code scx_bpf_dsq_iter} allocates nothing in the steady state.
 *
 * <p>In the kernel the iterator is a 48-byte object on the BPF program's stack ({@code struct bpf_iter_scx_dsq},
 * six {@code u64}): {@code bpf_for_each(scx_dsq, ...)} creates it with {@code bpf_iter_scx_dsq_new} and the verifier
 * makes sure {@code bpf_iter_scx_dsq_destroy} runs before the program returns. The engine mirrors that lifetime: a
 * walk is open from {@link ScxHelpers#dsqIter} until its {@code hasNext()} answers false (the {@code _next} that
 * returns NULL ends {@code bpf_for_each}) or until the callback (or SYSCALL program) that opened it returns, whichever
 * comes first; its slot is then reused. Nested walks (a walk started while another is open, in the same callback or
 * in a callback nested in it) take further slots. The simulator runs one callback at a time, on one Java stack,
 * so one pool serves every CPU, as each CPU's BPF stack serves the program running there.
 *
 * <p>At most {@value #MAX_OPEN} walks may be open at once. Ten iterators already fill a BPF program's 512-byte stack
 * ({@code MAX_BPF_STACK}), so a real scheduler never gets near it; the margin is for a Java loop that leaves a walk
 * early with {@code break} or {@code return}, which, unlike {@code bpf_for_each}, cannot close the walk (it stays
 * open until its callback returns). One more walk is a scheduler error naming the limit, and the walk is empty.
 */
final class DsqWalks {
    static final int MAX_OPEN = 16;

    private final Kernel k;
    private final DsqWalk[] slots = new DsqWalk[MAX_OPEN];
    /** Callbacks (and SYSCALL programs) running, nested: 0 outside every callback. */
    private int depth;
    private int nrOpen;

    DsqWalks(Kernel kernel) {
        this.k = kernel;
    }

    /** A callback or a SYSCALL program starts. */
    void enter() {
        depth++;
    }

    /** The callback or program that {@link #enter()} announced returns: the walks it opened close. */
    void leave() {
        if (nrOpen > 0) {
            for (DsqWalk w : slots) {
                if (w != null && w.depth == depth) {
                    release(w);
                }
            }
        }
        if (depth > 0) {
            depth--;
        }
    }

    /**
     * {@code bpf_iter_scx_dsq_new}: a walk of {@code q} (null: empty, for a DSQ that does not exist), from the tail if
     * {@code rev}. Past {@value #MAX_OPEN} open walks, a scheduler error and an empty walk.
     */
    DsqWalk open(DispatchQueue q, boolean rev) {
        for (int i = 0; i < MAX_OPEN; i++) {
            DsqWalk w = slots[i];
            if (w == null) {
                w = slots[i] = new DsqWalk(this);
            }
            if (!w.open()) {
                nrOpen++;
                w.begin(q, rev, depth);
                return w;
            }
        }
        String where = k.currentOp == null ? "" : " in ops." + k.currentOp.kernelName() + "()";
        k.error(ExitKind.ERROR, "bpf_iter_scx_dsq_new(): " + MAX_OPEN + " DSQ walks are already open" + where
                + ": a walk stays open until hasNext() answers false or its callback returns; nest fewer walks or "
                + "finish the ones left with break/return");
        return new DsqWalk(this);
    }

    /** {@code bpf_iter_scx_dsq_destroy}: the walk is over, its slot free. */
    void release(DsqWalk w) {
        if (w.open()) {
            w.close();
            nrOpen--;
        }
    }

    /** Walks open now (for tests). */
    int nrOpen() {
        return nrOpen;
    }
}
