package io.scx4j.policy.lavd;

import io.scx4j.arena.CpuBitmap;
import io.scx4j.topology.CpuMask;

/**
 * The CPUs LAVD counts as online, with {@code nr_cpus_onln} and the online capacity ({@code total_capacity}) that
 * follow them: upstream keeps {@code cpu_ctx.is_online} per CPU and the two globals, changed by
 * {@code lavd_cpu_online}/{@code lavd_cpu_offline} in {@code main.bpf.c}, and clears/sets the CPU in its compute
 * domain's cpumask ({@code cpdom_cpumask}), so idle-CPU picks, core compaction and the statistics only see online
 * CPUs. CPUs not online when the scheduler was loaded are unknown to it (user space built the per-CPU facts from the
 * online CPUs; their {@code max_capacity} is 0): when one comes online upstream exits with
 * {@code SCX_ECODE_ACT_RESTART} to be restarted on the new set (reference policies.md §1.12, PR #3434).
 */
final class OnlineCpus {
    private final CpuBitmap online;
    private final CpuBitmap known;
    private final int[] capacity;
    private final int[] cpdomOfCpu;
    private final int[] onlineInDomain;
    private int orphanDomains;
    private int nr;
    private long totalCapacity;

    /**
     * The CPUs of {@code atInit} (the online CPUs at {@code ops.init}), with per-CPU {@code capacity} and compute
     * domain ({@code cpdomOfCpu}, {@code nrDomains} domains).
     */
    OnlineCpus(CpuMask atInit, int[] capacity, int[] cpdomOfCpu, int nrDomains) {
        this.capacity = capacity;
        this.cpdomOfCpu = cpdomOfCpu;
        this.onlineInDomain = new int[nrDomains];
        this.orphanDomains = nrDomains;
        this.online = CpuBitmap.create(capacity.length);
        this.known = CpuBitmap.create(capacity.length);
        for (int cpu = atInit.first(); cpu >= 0 && cpu < capacity.length; cpu = atInit.next(cpu + 1)) {
            known.set(cpu);
            setOnline(cpu);
        }
    }

    /** {@code cpu_ctx.is_online}. */
    boolean isOnline(int cpu) {
        return online.test(cpu);
    }

    /** Whether {@code cpu} was online when the scheduler was loaded (its per-CPU facts exist). */
    boolean knownAtInit(int cpu) {
        return known.test(cpu);
    }

    /** Whether compute domain {@code dom} has an online CPU. */
    boolean domainOnline(int dom) {
        return onlineInDomain[dom] > 0;
    }

    /** How many compute domains have no online CPU. */
    int orphanDomains() {
        return orphanDomains;
    }

    /** {@code nr_cpus_onln}. */
    int nr() {
        return nr;
    }

    /** The summed capacity of the online CPUs. */
    long capacity() {
        return totalCapacity;
    }

    /** Word {@code w} of the online bitmap (for change detection). */
    long word(int w) {
        return online.word(w);
    }

    /** Marks {@code cpu} online; false if it already was. */
    boolean setOnline(int cpu) {
        if (!online.testAndSet(cpu)) {
            nr++;
            totalCapacity += capacity[cpu];
            if (onlineInDomain[cpdomOfCpu[cpu]]++ == 0) {
                orphanDomains--;
            }
            return true;
        }
        return false;
    }

    /** Marks {@code cpu} offline; false if it already was. */
    boolean setOffline(int cpu) {
        if (online.testAndClear(cpu)) {
            nr--;
            totalCapacity -= capacity[cpu];
            if (--onlineInDomain[cpdomOfCpu[cpu]] == 0) {
                orphanDomains++;
            }
            return true;
        }
        return false;
    }

    /** A snapshot of the online CPUs. */
    CpuMask mask() {
        CpuMask.Builder b = CpuMask.builder();
        online.forEach(b::set);
        return b.build();
    }
}
