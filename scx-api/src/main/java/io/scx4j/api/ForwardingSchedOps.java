package io.scx4j.api;

import io.scx4j.topology.CpuMask;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A policy that forwards every callback to another policy, for decorators (Guava's {@code Forwarding*} pattern):
 * extend it and override only the callbacks you change, calling {@code super} to reach the wrapped policy.
 * {@link #implementedOps()} reports what the wrapped policy implements plus what the subclass overrides, so the
 * engine treats absent callbacks of the wrapped policy as absent.
 */
public abstract class ForwardingSchedOps implements SchedOps {
    private final SchedOps delegate;

    protected ForwardingSchedOps(SchedOps delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped policy. */
    protected final SchedOps delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Op> implementedOps() {
        EnumSet<Op> ops = EnumSet.noneOf(Op.class);
        ops.addAll(delegate.implementedOps());
        for (Op op : Op.values()) {
            if (Op.declaredBelow(getClass(), op, ForwardingSchedOps.class)) {
                ops.add(op);
            }
        }
        return ops;
    }

    @Override
    public long flags() {
        return delegate.flags();
    }

    @Override
    public int dispatchMaxBatch() {
        return delegate.dispatchMaxBatch();
    }

    @Override
    public long timeoutMs() {
        return delegate.timeoutMs();
    }

    @Override
    public int exitDumpLen() {
        return delegate.exitDumpLen();
    }

    @Override
    public long hotplugSeq() {
        return delegate.hotplugSeq();
    }

    @Override
    public int selectCpu(Task p, int prevCpu, long wakeFlags) {
        return delegate.selectCpu(p, prevCpu, wakeFlags);
    }

    @Override
    public void enqueue(Task p, long enqFlags) {
        delegate.enqueue(p, enqFlags);
    }

    @Override
    public void dequeue(Task p, long deqFlags) {
        delegate.dequeue(p, deqFlags);
    }

    @Override
    public void dispatch(int cpu, @Nullable Task prev) {
        delegate.dispatch(cpu, prev);
    }

    @Override
    public void tick(Task p) {
        delegate.tick(p);
    }

    @Override
    public void runnable(Task p, long enqFlags) {
        delegate.runnable(p, enqFlags);
    }

    @Override
    public void running(Task p) {
        delegate.running(p);
    }

    @Override
    public void stopping(Task p, boolean runnable) {
        delegate.stopping(p, runnable);
    }

    @Override
    public void quiescent(Task p, long deqFlags) {
        delegate.quiescent(p, deqFlags);
    }

    @Override
    public boolean yield(Task from, @Nullable Task to) {
        return delegate.yield(from, to);
    }

    @Override
    public boolean coreSchedBefore(Task a, Task b) {
        return delegate.coreSchedBefore(a, b);
    }

    @Override
    public void setWeight(Task p, int weight) {
        delegate.setWeight(p, weight);
    }

    @Override
    public void setCpumask(Task p, CpuMask cpumask) {
        delegate.setCpumask(p, cpumask);
    }

    @Override
    public void updateIdle(int cpu, boolean idle) {
        delegate.updateIdle(cpu, idle);
    }

    @Override
    public void cpuAcquire(int cpu, CpuAcquireArgs args) {
        delegate.cpuAcquire(cpu, args);
    }

    @Override
    public void cpuRelease(int cpu, CpuReleaseArgs args) {
        delegate.cpuRelease(cpu, args);
    }

    @Override
    public int initTask(Task p, InitTaskArgs args) {
        return delegate.initTask(p, args);
    }

    @Override
    public void exitTask(Task p, ExitTaskArgs args) {
        delegate.exitTask(p, args);
    }

    @Override
    public void enable(Task p) {
        delegate.enable(p);
    }

    @Override
    public void disable(Task p) {
        delegate.disable(p);
    }

    @Override
    public void dump(DumpContext ctx) {
        delegate.dump(ctx);
    }

    @Override
    public void dumpCpu(DumpContext ctx, int cpu, boolean idle) {
        delegate.dumpCpu(ctx, cpu, idle);
    }

    @Override
    public void dumpTask(DumpContext ctx, Task p) {
        delegate.dumpTask(ctx, p);
    }

    @Override
    public int cgroupInit(Cgroup cgrp, CgroupInitArgs args) {
        return delegate.cgroupInit(cgrp, args);
    }

    @Override
    public void cgroupExit(Cgroup cgrp) {
        delegate.cgroupExit(cgrp);
    }

    @Override
    public int cgroupPrepMove(Task p, Cgroup from, Cgroup to) {
        return delegate.cgroupPrepMove(p, from, to);
    }

    @Override
    public void cgroupMove(Task p, Cgroup from, Cgroup to) {
        delegate.cgroupMove(p, from, to);
    }

    @Override
    public void cgroupCancelMove(Task p, Cgroup from, Cgroup to) {
        delegate.cgroupCancelMove(p, from, to);
    }

    @Override
    public void cgroupSetWeight(Cgroup cgrp, int weight) {
        delegate.cgroupSetWeight(cgrp, weight);
    }

    @Override
    public void cgroupSetBandwidth(Cgroup cgrp, long periodUs, long quotaUs, long burstUs) {
        delegate.cgroupSetBandwidth(cgrp, periodUs, quotaUs, burstUs);
    }

    @Override
    public void cgroupSetIdle(Cgroup cgrp, boolean idle) {
        delegate.cgroupSetIdle(cgrp, idle);
    }

    @Override
    public void cpuOnline(int cpu) {
        delegate.cpuOnline(cpu);
    }

    @Override
    public void cpuOffline(int cpu) {
        delegate.cpuOffline(cpu);
    }

    @Override
    public int init(Scx scx) {
        return delegate.init(scx);
    }

    @Override
    public void exit(ExitInfo info) {
        delegate.exit(info);
    }
}
