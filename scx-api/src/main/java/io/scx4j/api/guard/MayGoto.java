package io.scx4j.api.guard;

import java.util.Objects;

/**
 * The Java form of BPF's timed {@code may_goto}: a check the engine's instrumenting class loader inserts at every
 * loop back-edge (and at the entry of every {@code catch (Throwable)} / {@code catch (Error)} handler) of a policy's
 * bytecode, so that a callback spinning in a loop that calls no helper can still be stopped at its wall-clock budget.
 *
 * <p><b>Why it exists.</b> A BPF scheduler cannot hang the kernel in a loop: the verifier only accepts bounded loops,
 * and for open-ended ones ({@code bpf_for}, {@code can_loop}, used all over {@code sched-ext/scx}) it rewrites each
 * {@code may_goto} instruction into a per-frame counter. The timed variant ({@code bpf_check_timed_may_goto} in
 * {@code kernel/bpf/core.c}) samples the clock only when the counter runs out ({@code BPF_MAX_TIMED_LOOPS}
 * iterations), and breaks the loop once a quarter second has passed since the first sample. A Java policy has no
 * verifier, and the JVM has no {@code Thread.stop}: a callback in {@code while (true) {}} would never return. The
 * engine's helpers already check the callback budget on every call; this class extends the check to loops that call
 * no helper, in the same amortized way: {@link #backEdge()} decrements a counter and consults the engine only every
 * {@value #CHECK_INTERVAL} back-edges.
 *
 * <p><b>Who calls what.</b> Instrumented code calls {@link #backEdge()} and {@link #handlerEntry()}; both are no-ops
 * until the engine has installed its {@link Supervisor} (exactly once per JVM, before it defines any instrumented
 * class). The supervisor throws an {@link Error} into the looping callback when the callback is past its budget; the
 * engine catches it at the callback boundary and ejects the policy, as for any other overrun. A
 * {@code catch (Throwable)} in the policy cannot swallow it: the handler-entry check throws it again while the
 * callback is still over budget.
 *
 * <p><b>What it is not.</b> A sandbox: it stops accidental runaway loops in policy code that was loaded through the
 * instrumenting loader. Code that is not instrumented (classes on the application class path, libraries outside the
 * plugin jar) is not stopped, and in-process Java code determined to misbehave (reflection, threads, native code)
 * cannot be contained by any in-process check.
 */
public final class MayGoto {
    /**
     * Back-edges between two consultations of the supervisor (the role of {@code BPF_MAX_TIMED_LOOPS}, 65535 in the
     * kernel; smaller here because a Java loop body that calls library code can be much slower than a BPF one).
     */
    public static final int CHECK_INTERVAL = 4096;

    /**
     * The amortization counter. Deliberately a plain, shared static rather than a per-thread one (a
     * {@code ThreadLocal} lookup would cost more than the loop bodies it guards): it only decides how often the
     * supervisor is consulted. With one engine thread, as in a run, it is exact; with several threads in instrumented
     * loops at once, their decrements and resets interleave and each consultation may fall to whichever thread gets
     * there, so a thread's check can be delayed (JIT-compiled loops usually keep their own copy in a register and
     * are unaffected).
     */
    private static int count = CHECK_INTERVAL;

    private static volatile Supervisor supervisor;

    private MayGoto() {}

    /**
     * Called by instrumented code before every backward jump. Costs a decrement and a compare; every
     * {@value #CHECK_INTERVAL} calls, it asks the supervisor whether the running callback is past its budget, which
     * then throws.
     */
    public static void backEdge() {
        if (--count <= 0) {
            count = CHECK_INTERVAL;
            consult();
        }
    }

    /**
     * Called by instrumented code on entry to a handler that catches {@link Throwable} or {@link Error}: consults the
     * supervisor at once, so that the budget error it threw is thrown again instead of being swallowed.
     */
    public static void handlerEntry() {
        consult();
    }

    private static void consult() {
        Supervisor s = supervisor;
        if (s != null) {
            s.check();
        }
    }

    /** True once a supervisor is installed (the engine checks this before it defines instrumented classes). */
    public static boolean isSupervised() {
        return supervisor != null;
    }

    /** True if {@code s} is the installed supervisor (the engine checks it is its own). */
    public static boolean isSupervisedBy(Supervisor s) {
        return s != null && supervisor == s;
    }

    /**
     * Installs the engine's supervisor. Once per JVM: the engine installs its own before it defines any instrumented
     * class, so instrumented policy code can never replace it.
     *
     * @throws IllegalStateException if a supervisor is already installed, naming its class
     */
    public static synchronized void install(Supervisor s) {
        Objects.requireNonNull(s, "supervisor");
        Supervisor old = supervisor;
        if (old != null) {
            throw new IllegalStateException("MayGoto already has a supervisor (" + old.getClass().getName()
                    + "); it is installed once per JVM, by the engine");
        }
        supervisor = s;
    }

    /** The engine's side: decides whether the callback running on the current thread must stop. */
    @FunctionalInterface
    public interface Supervisor {
        /**
         * Returns normally if the code running on this thread may go on; throws an {@link Error} the engine
         * recognizes if the callback it is running is past its budget.
         */
        void check();
    }
}
