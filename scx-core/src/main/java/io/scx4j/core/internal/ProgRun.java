package io.scx4j.core.internal;

import io.scx4j.api.Scx;
import io.scx4j.api.SyscallProgram;
import io.scx4j.core.internal.Kernel.Ctx;

/**
 * {@code BPF_PROG_RUN} of a {@code BPF_PROG_TYPE_SYSCALL} program ({@code bpf_prog_test_run_syscall} in
 * {@code net/bpf/test_run.c}): the program runs once, synchronously, in the calling process, with no run queue
 * locked and outside every scheduler callback. sched_ext registers its "any" and idle kfunc sets and
 * {@code scx_bpf_create_dsq} for this program type (reference sched_ext.md §3.1, §3.2; {@code kernel/sched/ext.c}
 * {@code scx_kfunc_set_unlocked}, {@code scx_kfunc_set_any}, {@code ext_idle.c} {@code scx_kfunc_set_idle}), so the
 * engine runs it in the unlocked context ({@link Ctx#UNLOCKED}) with no current op and no current task.
 *
 * <p>A kfunc that is not registered for SYSCALL programs (inserting or moving tasks, the dispatch-only kfuncs) never
 * reaches run time in the kernel: the verifier refuses to load the program and {@code bpf()} fails with
 * {@code -EACCES}, the loaded scheduler untouched. The engine cannot inspect a Java program before it runs, so it
 * stops it at the first such call with an {@link IllegalArgumentException} to the caller and leaves the policy
 * loaded (what the kernel's refusal amounts to; calls the program made before stay done).
 *
 * <p>An exit or error the program claims ({@code scx_bpf_exit(0xdeadbeef)} in selftest {@code prog_run}) is carried
 * out when the program returns, as after a callback.
 */
final class ProgRun {
    private final Kernel k;
    private boolean running;

    ProgRun(Kernel kernel) {
        this.k = kernel;
    }

    /** True while a SYSCALL program runs: kfuncs refused for this program type throw instead of ejecting. */
    boolean running() {
        return running;
    }

    /** Runs {@code prog} as if on {@code cpu} and returns its return value. */
    int run(int cpu, SyscallProgram prog) {
        if (cpu < 0 || cpu >= k.cpus.length || !k.cpus[cpu].online) {
            throw new IllegalArgumentException("progRun: CPU " + cpu + " is not an online CPU of topology '"
                    + k.topology.name() + "' (online: " + k.hotplug.online() + ")");
        }
        if (running) {
            throw new IllegalStateException("progRun: a SYSCALL program cannot run another one");
        }
        Ctx savedCtx = k.ctx;
        io.scx4j.api.Op savedOp = k.currentOp;
        TaskStruct savedTask = k.currentTask;
        int savedCpu = k.thisCpu;
        k.ctx = Ctx.UNLOCKED;
        k.currentOp = null;
        k.currentTask = null;
        k.thisCpu = cpu;
        running = true;
        k.dsqWalks.enter();
        try {
            // the helpers as callbacks see them: through the call log while a sink wants calls
            Scx scx = k.callsLogged ? KfuncLog.wrap(k, k.helpers) : k.helpers;
            return prog.run(scx, cpu);
        } finally {
            k.dsqWalks.leave();
            running = false;
            k.ctx = savedCtx;
            k.currentOp = savedOp;
            k.currentTask = savedTask;
            k.thisCpu = savedCpu;
        }
    }

    /** A kfunc the kernel does not register for SYSCALL programs was called from one. */
    IllegalArgumentException refused(String kfunc) {
        return new IllegalArgumentException(kfunc + "() called from a SYSCALL program: the kernel registers it for "
                + "struct_ops callbacks only, so the verifier would refuse to load the program (-EACCES)");
    }
}
