package io.scx4j.api;

/** Flags of {@link Scx#dsqIter}, {@code enum scx_dsq_iter_flags}. */
public final class DsqIterFlags {
    /** {@code SCX_DSQ_ITER_REV}: iterate from the tail (last to be dispatched) to the head. */
    public static final long REV = 1L << 16;

    private DsqIterFlags() {}
}
