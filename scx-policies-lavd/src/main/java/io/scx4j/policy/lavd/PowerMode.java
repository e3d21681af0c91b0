package io.scx4j.policy.lavd;

/**
 * LAVD's power profiles ({@code LAVD_PM_*}, {@code power.bpf.c: do_set_power_profile}); reference policies.md §1.10.
 */
public enum PowerMode {
    /** No core compaction: every big core is active, little cores are overflow (all usable). */
    PERFORMANCE,
    /** Core compaction with the performance-leaning CPU order (big, non-SMT first). */
    BALANCED,
    /** Core compaction with the power-saving CPU order (little cores first, SMT siblings packed). */
    POWERSAVE
}
