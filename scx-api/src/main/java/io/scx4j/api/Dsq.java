package io.scx4j.api;

/**
 * Dispatch queue (DSQ) ids, encoded exactly as the kernel encodes them ({@code include/linux/sched/ext.h},
 * {@code enum scx_dsq_id_flags}).
 *
 * <p>A DSQ id is a 64-bit value. Bit 63 ({@link #FLAG_BUILTIN}) marks the built-in queues: the global DSQ
 * and the per-CPU local DSQs. Ids below 2<sup>63</sup> are user DSQs that a policy creates with
 * {@link Scx#createDsq(long, int)}. A CPU only ever runs tasks taken from its own local DSQ; the global
 * DSQ is a FIFO the kernel drains automatically into local DSQs when a CPU has nothing else to run.
 */
public final class Dsq {
    /** {@code SCX_DSQ_FLAG_BUILTIN}: bit 63, set for every built-in DSQ. */
    public static final long FLAG_BUILTIN = 1L << 63;
    /** {@code SCX_DSQ_FLAG_LOCAL_ON}: bit 62; OR-ed with a CPU number it names that CPU's local DSQ. */
    public static final long FLAG_LOCAL_ON = 1L << 62;
    /** {@code SCX_DSQ_INVALID}: marks "no DSQ" (destroyed DSQs, no direct dispatch). */
    public static final long INVALID = FLAG_BUILTIN;
    /** {@code SCX_DSQ_GLOBAL}: the global FIFO, consumed automatically; a dispatch target only. */
    public static final long GLOBAL = FLAG_BUILTIN | 1;
    /**
     * {@code SCX_DSQ_LOCAL}: the local DSQ of "this" CPU: the CPU returned by {@code select_cpu} when used
     * there, the task's CPU in {@code enqueue}, the dispatching CPU in {@code dispatch}.
     */
    public static final long LOCAL = FLAG_BUILTIN | 2;
    /** {@code SCX_DSQ_BYPASS}: the per-CPU bypass DSQs the kernel uses while bypassing; never a valid target. */
    public static final long BYPASS = FLAG_BUILTIN | 3;
    /** {@code SCX_DSQ_LOCAL_ON}: OR with a CPU number, see {@link #localOn(int)}. */
    public static final long LOCAL_ON = FLAG_BUILTIN | FLAG_LOCAL_ON;
    /** {@code SCX_DSQ_LOCAL_CPU_MASK}: the low 32 bits of a LOCAL_ON id carry the CPU. */
    public static final long LOCAL_CPU_MASK = 0xffff_ffffL;

    private Dsq() {}

    /** {@code SCX_DSQ_LOCAL_ON | cpu}: the local DSQ of {@code cpu}. */
    public static long localOn(int cpu) {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must be >= 0, got " + cpu);
        }
        return LOCAL_ON | cpu;
    }

    /** True for the global, local, bypass and LOCAL_ON ids (bit 63 set). */
    public static boolean isBuiltin(long dsqId) {
        return (dsqId & FLAG_BUILTIN) != 0;
    }

    /** True for a {@code SCX_DSQ_LOCAL_ON | cpu} id. */
    public static boolean isLocalOn(long dsqId) {
        return (dsqId & LOCAL_ON) == LOCAL_ON;
    }

    /** True for an id a policy may create: bit 63 clear. */
    public static boolean isUser(long dsqId) {
        return !isBuiltin(dsqId);
    }

    /** The CPU of a {@code LOCAL_ON | cpu} id. */
    public static int cpuOf(long localOnId) {
        if (!isLocalOn(localOnId)) {
            throw new IllegalArgumentException("not a LOCAL_ON DSQ id: " + format(localOnId));
        }
        return (int) (localOnId & LOCAL_CPU_MASK);
    }

    /** A readable name: {@code GLOBAL}, {@code LOCAL}, {@code LOCAL_ON|3}, or the user id in hex. */
    public static String format(long dsqId) {
        if (dsqId == GLOBAL) {
            return "GLOBAL";
        } else if (dsqId == LOCAL) {
            return "LOCAL";
        } else if (dsqId == INVALID) {
            return "INVALID";
        } else if (dsqId == BYPASS) {
            return "BYPASS";
        } else if (isLocalOn(dsqId)) {
            return "LOCAL_ON|" + (dsqId & LOCAL_CPU_MASK);
        }
        return "0x" + Long.toHexString(dsqId);
    }
}
