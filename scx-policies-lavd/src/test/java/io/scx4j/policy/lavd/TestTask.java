package io.scx4j.policy.lavd;

import io.scx4j.api.Cgroup;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.topology.CpuMask;
import java.util.Arrays;

/** A task with real fields and local storage, for policy tests without the engine. */
final class TestTask implements Task {
    private final int pid;
    private final int tgid;
    private final CpuMask cpus;
    private int weight = 100;
    private long slice = Scx.SLICE_DFL;
    private long vtime;
    private long sumExec;
    private Object[] locals = new Object[0];

    TestTask(int pid, int tgid, CpuMask cpus) {
        this.pid = pid;
        this.tgid = tgid;
        this.cpus = cpus;
    }

    TestTask sumExec(long ns) {
        this.sumExec = ns;
        return this;
    }

    TestTask weight(int w) {
        this.weight = w;
        return this;
    }

    @Override public int pid() { return pid; }
    @Override public int tgid() { return tgid; }
    @Override public String comm() { return "t" + pid; }
    @Override public SchedPolicy policy() { return SchedPolicy.NORMAL; }
    @Override public int nice() { return 0; }
    @Override public int weight() { return weight; }
    @Override public CpuMask cpusAllowed() { return cpus; }
    @Override public int nrCpusAllowed() { return cpus.weight(); }
    @Override public boolean migrationDisabled() { return false; }
    @Override public boolean exiting() { return false; }
    @Override public boolean kthread() { return false; }
    @Override public Cgroup cgroup() { throw new UnsupportedOperationException(); }
    @Override public long scxFlags() { return 0; }
    @Override public long slice() { return slice; }
    @Override public void setSlice(long s) { slice = s; }
    @Override public long dsqVtime() { return vtime; }
    @Override public void setDsqVtime(long v) { vtime = v; }
    @Override public long sumExecRuntime() { return sumExec; }
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
}
