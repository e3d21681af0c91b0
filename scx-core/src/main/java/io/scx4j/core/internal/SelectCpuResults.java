package io.scx4j.core.internal;

import io.scx4j.api.SelectCpuResult;

/**
 * Every {@link SelectCpuResult} {@code scx_bpf_select_cpu_dfl()} can return, made once per CPU: the kernel's helper
 * returns the CPU number and writes the {@code is_idle} flag through a pointer ({@code kernel/sched/ext_idle.c},
 * {@code scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, bool *is_idle)}), so nothing is allocated per wake-up; the
 * Java API returns the pair as a record instead, and handing out these shared immutable instances keeps the wake-up
 * path free of allocation, as the engine's hot path must be (DESIGN.md).
 */
final class SelectCpuResults {
    private final SelectCpuResult[] busy;
    private final SelectCpuResult[] idle;

    SelectCpuResults(int nrCpuIds) {
        busy = new SelectCpuResult[nrCpuIds];
        idle = new SelectCpuResult[nrCpuIds];
        for (int c = 0; c < nrCpuIds; c++) {
            busy[c] = new SelectCpuResult(c, false);
            idle[c] = new SelectCpuResult(c, true);
        }
    }

    /** The result {@code (cpu, idle)}; a CPU number outside {@code [0, nr_cpu_ids)} gets a fresh instance. */
    SelectCpuResult of(int cpu, boolean isIdle) {
        if (cpu < 0 || cpu >= busy.length) {
            return new SelectCpuResult(cpu, isIdle);
        }
        return isIdle ? idle[cpu] : busy[cpu];
    }
}
