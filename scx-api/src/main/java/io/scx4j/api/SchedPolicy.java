package io.scx4j.api;

/**
 * Linux scheduling policies ({@code SCHED_*} in {@code include/uapi/linux/sched.h}). The sched class that runs a
 * task follows from it: FIFO/RR run in the RT class, DEADLINE in the deadline class, everything else in fair,
 * or in ext while a policy is loaded ({@code SCHED_EXT} always; NORMAL/BATCH/IDLE too unless the policy sets
 * {@link OpsFlags#SWITCH_PARTIAL}).
 */
public enum SchedPolicy {
    /** {@code SCHED_NORMAL} (0), a.k.a. SCHED_OTHER. */
    NORMAL(0),
    /** {@code SCHED_FIFO} (1): real-time, runs until it blocks or a higher RT priority arrives. */
    FIFO(1),
    /** {@code SCHED_RR} (2): real-time round robin. */
    RR(2),
    /** {@code SCHED_BATCH} (3). */
    BATCH(3),
    /** {@code SCHED_IDLE} (5): lowest weight. */
    IDLE(5),
    /** {@code SCHED_DEADLINE} (6). */
    DEADLINE(6),
    /** {@code SCHED_EXT} (7): always scheduled by the loaded sched_ext policy; by fair when none is loaded. */
    EXT(7);

    private final int number;

    SchedPolicy(int number) {
        this.number = number;
    }

    /** The kernel's policy number. */
    public int number() {
        return number;
    }

    /** True for the policies of the RT class. */
    public boolean isRealtime() {
        return this == FIFO || this == RR;
    }

    /**
     * True if a task with this policy belongs to a loaded sched_ext policy ({@code task_should_scx()}): EXT always,
     * NORMAL/BATCH/IDLE unless partial switching is on.
     */
    public boolean switchesToExt(boolean switchPartial) {
        return switch (this) {
            case EXT -> true;
            case NORMAL, BATCH, IDLE -> !switchPartial;
            case FIFO, RR, DEADLINE -> false;
        };
    }
}
