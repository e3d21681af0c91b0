/**
 * Building blocks for composing policies: the small pieces of arithmetic and bookkeeping that sched_ext schedulers
 * keep writing by hand.
 *
 * <ul>
 *   <li>{@link io.scx4j.lib.VtimeClock}: the global virtual clock of a weighted-vtime scheduler ({@code vtime_now}
 *       in {@code scx_simple.bpf.c}), with the wrap-safe time comparisons of the kernel ({@code time_before64}).</li>
 *   <li>{@link io.scx4j.lib.CpuRunClock}: per-CPU "current task started running at" timestamps, the tool a
 *       scheduler that hands out {@link io.scx4j.api.Scx#SLICE_INF infinite slices} needs to enforce a time slice
 *       itself ({@code cpu_started_at} in {@code scx_central.bpf.c}).</li>
 *   <li>{@link io.scx4j.lib.Ravg}: the sched-ext/scx library's running average with a half-life
 *       ({@code ravg_accumulate}/{@code ravg_read} of {@code lib/ravg.bpf.c}), the duty cycle behind scx_lavd's
 *       {@code util_est}; four {@code long}s of state that a policy can keep in an arena record.</li>
 * </ul>
 *
 * <p>Policies built from these pieces live in {@link io.scx4j.lib.policies}. Nothing here depends on the engine:
 * every piece talks to the kernel side only through {@code io.scx4j.api}.
 */
package io.scx4j.lib;
