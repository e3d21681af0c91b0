package io.scx4j.api;

/** Policy-wide flags, {@code enum scx_ops_flags}, returned by {@link SchedOps#flags()}. An unknown bit fails the load. */
public final class OpsFlags {
    /** {@code SCX_OPS_KEEP_BUILTIN_IDLE}: keep built-in idle tracking although {@link SchedOps#updateIdle} is implemented. */
    public static final long KEEP_BUILTIN_IDLE = 1L;
    /**
     * {@code SCX_OPS_ENQ_LAST}: when a CPU's last runnable task used up its slice and nothing else is queued, hand it
     * to {@link SchedOps#enqueue} with {@link EnqFlags#LAST} instead of silently continuing it. Requires enqueue.
     */
    public static final long ENQ_LAST = 1L << 1;
    /** {@code SCX_OPS_ENQ_EXITING}: exiting tasks go through enqueue too (default: straight to their local DSQ). */
    public static final long ENQ_EXITING = 1L << 2;
    /** {@code SCX_OPS_SWITCH_PARTIAL}: only tasks with policy {@link SchedPolicy#EXT} are scheduled by the policy. */
    public static final long SWITCH_PARTIAL = 1L << 3;
    /** {@code SCX_OPS_ENQ_MIGRATION_DISABLED}: migration-disabled tasks go through enqueue too. */
    public static final long ENQ_MIGRATION_DISABLED = 1L << 4;
    /** {@code SCX_OPS_ALLOW_QUEUED_WAKEUP}: enqueue may run on the wakee's CPU without a preceding select_cpu. */
    public static final long ALLOW_QUEUED_WAKEUP = 1L << 5;
    /** {@code SCX_OPS_BUILTIN_IDLE_PER_NODE}: per-NUMA-node idle masks; use the {@code *Node} pickers. */
    public static final long BUILTIN_IDLE_PER_NODE = 1L << 6;
    /** {@code SCX_OPS_ALWAYS_ENQ_IMMED} (v7.1): implicit {@link EnqFlags#IMMED} on every local-DSQ insert. */
    public static final long ALWAYS_ENQ_IMMED = 1L << 7;
    /** Every flag a policy may set. */
    public static final long ALL = KEEP_BUILTIN_IDLE | ENQ_LAST | ENQ_EXITING | SWITCH_PARTIAL
            | ENQ_MIGRATION_DISABLED | ALLOW_QUEUED_WAKEUP | BUILTIN_IDLE_PER_NODE | ALWAYS_ENQ_IMMED;

    private OpsFlags() {}
}
