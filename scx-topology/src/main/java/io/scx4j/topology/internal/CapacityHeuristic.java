package io.scx4j.topology.internal;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import java.util.List;

/**
 * Derives each CPU's capacity and {@link CpuKind} from what sysfs gives. Not API; the rules are
 * documented on {@code SysfsTopologyReader}.
 */
public final class CapacityHeuristic {

    /** CPUs whose max frequency is at least this fraction of the highest count as performance CPUs. */
    public static final double PERFORMANCE_BAND = 0.9;

    private CapacityHeuristic() {}

    /**
     * A CPU's derived capacity and kind.
     *
     * @param capacity 1..1024
     * @param kind the kind
     */
    public record Classified(int capacity, CpuKind kind) {}

    /** Classifies {@code cpus}, in the same order. */
    public static List<Classified> classify(List<SysfsCpu> cpus) {
        int maxCap = 0;
        int minCap = Integer.MAX_VALUE;
        long maxFreq = 0;
        long minFreq = Long.MAX_VALUE;
        for (SysfsCpu c : cpus) {
            if (c.capacity().isPresent()) {
                maxCap = Math.max(maxCap, c.capacity().getAsInt());
                minCap = Math.min(minCap, c.capacity().getAsInt());
            }
            long f = c.maxFreqKhz().orElse(0);
            if (f > 0) {
                maxFreq = Math.max(maxFreq, f);
                minFreq = Math.min(minFreq, f);
            }
        }
        if (maxCap > 0 && minCap != maxCap) {
            int top = maxCap;
            return cpus.stream().map(c -> {
                int cap = c.capacity().orElse(Cpu.MAX_CAPACITY);
                return new Classified(cap, cap >= top ? CpuKind.PERFORMANCE : CpuKind.EFFICIENCY);
            }).toList();
        }
        if (maxFreq > 0 && minFreq < PERFORMANCE_BAND * maxFreq) {
            long top = maxFreq;
            return cpus.stream().map(c -> {
                long f = c.maxFreqKhz().orElse(0);
                if (f <= 0) {
                    return new Classified(Cpu.MAX_CAPACITY, CpuKind.UNIFORM);
                }
                if (f >= PERFORMANCE_BAND * top) {
                    return new Classified(Cpu.MAX_CAPACITY, CpuKind.PERFORMANCE);
                }
                int cap = (int) Math.max(1, Math.round((double) Cpu.MAX_CAPACITY * f / top));
                return new Classified(cap, CpuKind.EFFICIENCY);
            }).toList();
        }
        return cpus.stream()
                .map(c -> new Classified(c.capacity().orElse(Cpu.MAX_CAPACITY), CpuKind.UNIFORM))
                .toList();
    }
}
