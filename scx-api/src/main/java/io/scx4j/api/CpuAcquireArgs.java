package io.scx4j.api;

/** {@code struct scx_cpu_acquire_args}, passed to {@link SchedOps#cpuAcquire}; empty in the kernel too. */
public record CpuAcquireArgs() {
    /** The one instance. */
    public static final CpuAcquireArgs INSTANCE = new CpuAcquireArgs();
}
