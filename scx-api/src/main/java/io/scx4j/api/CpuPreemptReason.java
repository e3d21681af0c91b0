package io.scx4j.api;

/** {@code enum scx_cpu_preempt_reason}: which higher class took a CPU away from sched_ext. */
public enum CpuPreemptReason {
    /** {@code SCX_CPU_PREEMPT_RT}. */
    RT,
    /** {@code SCX_CPU_PREEMPT_DL}. */
    DL,
    /** {@code SCX_CPU_PREEMPT_STOP}. */
    STOP,
    /** {@code SCX_CPU_PREEMPT_UNKNOWN}. */
    UNKNOWN
}
