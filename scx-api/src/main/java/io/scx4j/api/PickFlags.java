package io.scx4j.api;

/** Flags of the idle-CPU pickers ({@link Scx#pickIdleCpu}, {@link Scx#pickAnyCpu}), {@code enum scx_pick_idle_cpu_flags}. */
public final class PickFlags {
    /** {@code SCX_PICK_IDLE_CORE}: only CPUs whose whole SMT core is idle. */
    public static final long IDLE_CORE = 1L;
    /** {@code SCX_PICK_IDLE_IN_NODE}: per-node pickers only: do not search other NUMA nodes. */
    public static final long IDLE_IN_NODE = 2L;

    private PickFlags() {}
}
