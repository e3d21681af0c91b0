package io.scx4j.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The callbacks of {@code struct sched_ext_ops}, by their kernel names. The engine asks
 * {@link SchedOps#implementedOps()} which of them a policy provides, because for some the mere presence changes
 * what the kernel does: implementing {@link #UPDATE_IDLE} turns off built-in idle tracking, lacking
 * {@link #CPU_ONLINE}/{@link #CPU_OFFLINE} makes any hotplug eject the policy, {@link OpsFlags#ENQ_LAST} requires
 * {@link #ENQUEUE}, and an absent {@link #SELECT_CPU}/{@link #ENQUEUE} gets the kernel's built-in behaviour.
 */
public enum Op {
    SELECT_CPU("select_cpu", "selectCpu", Task.class, int.class, long.class),
    ENQUEUE("enqueue", "enqueue", Task.class, long.class),
    DEQUEUE("dequeue", "dequeue", Task.class, long.class),
    DISPATCH("dispatch", "dispatch", int.class, Task.class),
    TICK("tick", "tick", Task.class),
    RUNNABLE("runnable", "runnable", Task.class, long.class),
    RUNNING("running", "running", Task.class),
    STOPPING("stopping", "stopping", Task.class, boolean.class),
    QUIESCENT("quiescent", "quiescent", Task.class, long.class),
    YIELD("yield", "yield", Task.class, Task.class),
    CORE_SCHED_BEFORE("core_sched_before", "coreSchedBefore", Task.class, Task.class),
    SET_WEIGHT("set_weight", "setWeight", Task.class, int.class),
    SET_CPUMASK("set_cpumask", "setCpumask", Task.class, io.scx4j.topology.CpuMask.class),
    UPDATE_IDLE("update_idle", "updateIdle", int.class, boolean.class),
    CPU_ACQUIRE("cpu_acquire", "cpuAcquire", int.class, CpuAcquireArgs.class),
    CPU_RELEASE("cpu_release", "cpuRelease", int.class, CpuReleaseArgs.class),
    INIT_TASK("init_task", "initTask", Task.class, InitTaskArgs.class),
    EXIT_TASK("exit_task", "exitTask", Task.class, ExitTaskArgs.class),
    ENABLE("enable", "enable", Task.class),
    DISABLE("disable", "disable", Task.class),
    DUMP("dump", "dump", DumpContext.class),
    DUMP_CPU("dump_cpu", "dumpCpu", DumpContext.class, int.class, boolean.class),
    DUMP_TASK("dump_task", "dumpTask", DumpContext.class, Task.class),
    CGROUP_INIT("cgroup_init", "cgroupInit", Cgroup.class, CgroupInitArgs.class),
    CGROUP_EXIT("cgroup_exit", "cgroupExit", Cgroup.class),
    CGROUP_PREP_MOVE("cgroup_prep_move", "cgroupPrepMove", Task.class, Cgroup.class, Cgroup.class),
    CGROUP_MOVE("cgroup_move", "cgroupMove", Task.class, Cgroup.class, Cgroup.class),
    CGROUP_CANCEL_MOVE("cgroup_cancel_move", "cgroupCancelMove", Task.class, Cgroup.class, Cgroup.class),
    CGROUP_SET_WEIGHT("cgroup_set_weight", "cgroupSetWeight", Cgroup.class, int.class),
    CGROUP_SET_BANDWIDTH("cgroup_set_bandwidth", "cgroupSetBandwidth", Cgroup.class, long.class, long.class, long.class),
    CGROUP_SET_IDLE("cgroup_set_idle", "cgroupSetIdle", Cgroup.class, boolean.class),
    CPU_ONLINE("cpu_online", "cpuOnline", int.class),
    CPU_OFFLINE("cpu_offline", "cpuOffline", int.class),
    INIT("init", "init", Scx.class),
    EXIT("exit", "exit", ExitInfo.class);

    private final String kernelName;
    private final String methodName;
    private final Class<?>[] parameterTypes;

    Op(String kernelName, String methodName, Class<?>... parameterTypes) {
        this.kernelName = kernelName;
        this.methodName = methodName;
        this.parameterTypes = parameterTypes;
    }

    /** The field name in {@code struct sched_ext_ops}, e.g. {@code select_cpu}. */
    public String kernelName() {
        return kernelName;
    }

    /** The {@link SchedOps} method, e.g. {@code selectCpu}. */
    public String methodName() {
        return methodName;
    }

    /**
     * The callbacks {@code ops} overrides itself, found by reflection: a method counts as implemented when it is
     * declared by some class of {@code ops}, as opposed to inherited from {@link SchedOps}'s defaults (or, for a
     * {@link ForwardingSchedOps}, forwarded to its delegate: those count when the delegate implements them).
     */
    public static Set<Op> implementedBy(SchedOps ops) {
        EnumSet<Op> result = EnumSet.noneOf(Op.class);
        for (Op op : values()) {
            if (declaredBelow(ops.getClass(), op, ForwardingSchedOps.class)) {
                result.add(op);
            }
        }
        return result;
    }

    /** True if a class between {@code type} (inclusive) and {@code stop} (exclusive) or Object declares the method. */
    static boolean declaredBelow(Class<?> type, Op op, Class<?> stop) {
        for (Class<?> c = type; c != null && c != Object.class && c != stop; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredMethods()).anyMatch(op::matches)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(java.lang.reflect.Method m) {
        return !m.isSynthetic() && !m.isBridge() && m.getName().equals(methodName)
                && Arrays.equals(m.getParameterTypes(), parameterTypes);
    }

    @Override
    public String toString() {
        return kernelName;
    }
}
