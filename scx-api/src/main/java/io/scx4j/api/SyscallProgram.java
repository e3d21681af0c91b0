package io.scx4j.api;

/**
 * A {@code BPF_PROG_TYPE_SYSCALL} program that the policy's user space runs with {@code BPF_PROG_RUN}
 * ({@code bpf_prog_test_run_opts()}): code executed once, synchronously, on behalf of a process, outside every
 * scheduler callback. In the kernel such a program calls sched_ext kfuncs in the unlocked context
 * ({@code SCX_KF_UNLOCKED}, reference sched_ext.md §3.1: the "any" and idle kfunc sets are also registered for
 * SYSCALL programs): it may create DSQs ({@link Scx#createDsq}), run the built-in CPU selection
 * ({@link Scx#selectCpuDfl}, {@link Scx#selectCpuAnd}), claim idle CPUs, kick CPUs and end the scheduler
 * ({@link Scx#exit}, {@link Scx#error}) and move tasks it walks ({@link Scx#dsqMove}); it may not insert tasks
 * ({@link Scx#dsqInsert}) or call the dispatch-only kfuncs ({@link Scx#dsqMoveToLocal}, ...): the kernel's verifier
 * refuses to load such a program ({@code -EACCES}), and {@code Engine.progRun} returns {@code -EACCES} for it.
 *
 * <p>Selftests {@code prog_run} (create a DSQ, then {@code scx_bpf_exit(0xdeadbeef)}), {@code enq_select_cpu} and
 * {@code allowed_cpus} (select an idle CPU for the calling process) use one; see {@code Engine.progRun}.
 */
@FunctionalInterface
public interface SyscallProgram {
    /**
     * Runs the program.
     *
     * @param scx the kfuncs, in the SYSCALL program's context
     * @param cpu the CPU the program runs on ({@code bpf_get_smp_processor_id()})
     * @return the program's return value ({@code bpf_test_run_opts.retval})
     */
    int run(Scx scx, int cpu);
}
