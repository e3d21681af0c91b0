package io.scx4j.lib;

import io.scx4j.api.Cgroup;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.topology.CpuMask;
import java.util.Arrays;

/** A task with real fields and local storage, for unit tests without an engine. Setters return {@code this}. */
public final class FakeTask implements Task {
    private final int pid;
    private int weight = 100;
    private long slice = Scx.SLICE_DFL;
    private long dsqVtime;
    private CpuMask cpus = CpuMask.range(0, 64);
    private boolean kthread;
    private Object[] locals = new Object[0];

    public FakeTask(int pid) {
        this.pid = pid;
    }

    public FakeTask weight(int w) {
        this.weight = w;
        return this;
    }

    public FakeTask slice(long s) {
        this.slice = s;
        return this;
    }

    public FakeTask vtime(long v) {
        this.dsqVtime = v;
        return this;
    }

    public FakeTask cpus(CpuMask mask) {
        this.cpus = mask;
        return this;
    }

    public FakeTask kthread(boolean k) {
        this.kthread = k;
        return this;
    }

    @Override public int pid() { return pid; }
    @Override public int tgid() { return pid; }
    @Override public String comm() { return "fake" + pid; }
    @Override public SchedPolicy policy() { return SchedPolicy.NORMAL; }
    @Override public int nice() { return 0; }
    @Override public int weight() { return weight; }
    @Override public CpuMask cpusAllowed() { return cpus; }
    @Override public int nrCpusAllowed() { return cpus.weight(); }
    @Override public boolean migrationDisabled() { return false; }
    @Override public boolean exiting() { return false; }
    @Override public boolean kthread() { return kthread; }
    @Override public Cgroup cgroup() { throw new UnsupportedOperationException(); }
    @Override public long scxFlags() { return 0; }
    @Override public long slice() { return slice; }
    @Override public void setSlice(long s) { this.slice = s; }
    @Override public long dsqVtime() { return dsqVtime; }
    @Override public void setDsqVtime(long v) { this.dsqVtime = v; }
    @Override public long sumExecRuntime() { return 0; }
    @Override public long coreSchedAt() { return 0; }

    @Override
    public Object local(int slot) {
        return slot < locals.length ? locals[slot] : null;
    }

    @Override
    public void setLocal(int slot, Object value) {
        if (slot >= locals.length) {
            locals = Arrays.copyOf(locals, slot + 1);
        }
        locals[slot] = value;
    }

    @Override
    public String toString() {
        return comm();
    }
}
