package io.scx4j.core.internal;

import io.scx4j.api.Errno;
import io.scx4j.api.Scx;
import io.scx4j.api.SyscallProgram;
import io.scx4j.core.internal.Kernel.Ctx;

/**
 * {@code BPF_PROG_RUN} of a {@code BPF_PROG_TYPE_SYSCALL} program ({@code bpf_prog_test_run_syscall} in
 * {@code net/bpf/test_run.c}): the program runs once, synchronously, in the calling process, with no run queue
 * locked and outside every scheduler callback, so the engine runs it in the unlocked context ({@link Ctx#UNLOCKED})
 * with no current op and no current task.
 *
 * <p>Which kfuncs such a program may call is decided by the kfunc sets {@code scx_init()} in
 * {@code kernel/sched/ext.c} registers for {@code BPF_PROG_TYPE_SYSCALL}: {@code scx_kfunc_set_unlocked}
 * ({@code scx_bpf_create_dsq}, {@code scx_bpf_dsq_move[_vtime]} and their {@code _set_slice/_set_vtime},
 * {@code scx_bpf_select_cpu_dfl/_and}) and {@code scx_kfunc_set_any} (kick, DSQ counts and peeks, the DSQ iterator,
 * exit/error, cpuperf, ...), plus {@code ext_idle.c}'s idle set (reference sched_ext.md §3.1, §3.2). The sets
 * registered only for {@code BPF_PROG_TYPE_STRUCT_OPS} are not: {@code scx_kfunc_set_enqueue_dispatch}
 * ({@code scx_bpf_dsq_insert[_vtime]}), {@code scx_kfunc_set_dispatch} ({@code scx_bpf_dispatch_nr_slots},
 * {@code _dispatch_cancel}, {@code _dsq_move_to_local}) and {@code scx_kfunc_set_cpu_release}.
 *
 * <p>A SYSCALL program calling one of those never runs in the kernel: the verifier looks the kfunc up in the sets of
 * the program's type when it loads it ({@code check_kfunc_call} in {@code kernel/bpf/verifier.c}), does not find
 * it, logs "calling kernel function ... is not allowed" and fails {@code bpf(BPF_PROG_LOAD)} with {@code -EACCES}; the
 * loaded scheduler is not involved at all. The engine cannot read a Java program before running it, so it does the
 * closest thing at run time: at the first such call it unwinds the program (a {@link Refused} thrown through it; a
 * program that catches it and goes on is refused again at its next kfunc and reported the same), returns
 * {@code -EACCES} from {@code progRun} whatever the program would have returned, records the verifier's complaint
 * for {@link #log()}, and leaves the scheduler loaded and unharmed: no scheduler error, no exit. The one difference
 * left: kfuncs the program called before the refused one have taken effect, where the kernel would have run none.
 *
 * <p>An exit or error the program claims ({@code scx_bpf_exit(0xdeadbeef)} in selftest {@code prog_run}) is carried
 * out when the program returns, as after a callback.
 */
final class ProgRun {
    private final Kernel k;
    private final UnlockedContext context;
    private boolean running;
    /** The kfunc that got the running program refused, or null. */
    private String refusedKfunc;
    /** What the verifier said about the last program run: empty if it was accepted. */
    private String log = "";

    ProgRun(Kernel kernel) {
        this.k = kernel;
        this.context = new UnlockedContext(kernel);
    }

    /** True while a SYSCALL program runs: kfuncs refused for this program type throw instead of ejecting. */
    boolean running() {
        return running;
    }

    /**
     * Runs {@code prog} as if on {@code cpu} and returns its return value, or {@code -EACCES} if it called a kfunc
     * not registered for SYSCALL programs (see the class comment and {@link #log()}).
     */
    int run(int cpu, SyscallProgram prog) {
        if (cpu < 0 || cpu >= k.cpus.length || !k.cpus[cpu].online) {
            throw new IllegalArgumentException("progRun: CPU " + cpu + " is not an online CPU of topology '"
                    + k.topology.name() + "' (online: " + k.hotplug.online() + ")");
        }
        if (running) {
            throw new IllegalStateException("progRun: a SYSCALL program cannot run another one");
        }
        running = true;
        refusedKfunc = null;
        log = "";
        Scx scx = context.enter(cpu);
        try {
            int ret;
            try {
                ret = prog.run(scx, cpu);
            } catch (Refused r) {
                ret = -Errno.EACCES;
            }
            if (refusedKfunc != null) {
                log = "calling kernel function " + refusedKfunc + " is not allowed (" + refusedKfunc
                        + " is not in a kfunc set registered for BPF_PROG_TYPE_SYSCALL; progRun returned -EACCES)";
                return -Errno.EACCES;
            }
            return ret;
        } finally {
            context.leave();
            running = false;
        }
    }

    /**
     * A kfunc the kernel does not register for SYSCALL programs was called from the running one: remembers it and
     * returns what the helper throws to unwind the program.
     */
    Refused refused(String kfunc) {
        if (refusedKfunc == null) {
            refusedKfunc = kfunc;
        }
        return Refused.INSTANCE;
    }

    /**
     * The verifier's log for the last program {@link #run} ran: empty if it was accepted, else the line
     * {@code check_kfunc_call} logs for the first kfunc it may not call.
     */
    String log() {
        return log;
    }

    /** Unwinds a refused SYSCALL program, as if it had never been loaded. */
    static final class Refused extends Error {
        private static final long serialVersionUID = 1L;
        static final Refused INSTANCE = new Refused();

        private Refused() {
            super("a kfunc not allowed in SYSCALL programs: the verifier would not load this program", null, false,
                    false);
        }
    }
}
