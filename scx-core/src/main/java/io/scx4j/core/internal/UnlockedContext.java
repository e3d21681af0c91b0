package io.scx4j.core.internal;

import io.scx4j.api.Op;
import io.scx4j.api.Scx;
import io.scx4j.core.internal.Kernel.Ctx;

/**
 * Runs BPF code outside every {@code ops.*} callback and without an rq lock held, as SYSCALL programs
 * ({@code bpf_prog_test_run}) and BPF timer callbacks run: {@link #enter} saves what the kernel was doing, switches to
 * {@link Ctx#UNLOCKED} with no current op or task on the given CPU and opens a scope for DSQ iterators; {@link #leave}
 * closes the scope and restores. One instance per kind of caller, reused: nothing is allocated per run.
 */
final class UnlockedContext {
    private final Kernel k;
    private Ctx savedCtx;
    private Op savedOp;
    private TaskStruct savedTask;
    private int savedCpu;

    UnlockedContext(Kernel kernel) {
        this.k = kernel;
    }

    /** Enters the unlocked context on {@code cpu}; returns the helpers as callbacks see them (logged if a sink wants). */
    Scx enter(int cpu) {
        savedCtx = k.ctx;
        savedOp = k.currentOp;
        savedTask = k.currentTask;
        savedCpu = k.thisCpu;
        k.ctx = Ctx.UNLOCKED;
        k.currentOp = null;
        k.currentTask = null;
        k.thisCpu = cpu;
        k.dsqWalks.enter();
        return k.callsLogged ? KfuncLog.wrap(k, k.helpers) : k.helpers;
    }

    /** Closes the iterator scope and restores the context {@link #enter} found. */
    void leave() {
        k.dsqWalks.leave();
        k.ctx = savedCtx;
        k.currentOp = savedOp;
        k.currentTask = savedTask;
        k.thisCpu = savedCpu;
    }
}
