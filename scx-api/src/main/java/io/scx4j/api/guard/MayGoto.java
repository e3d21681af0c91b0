package io.scx4j.api.guard;

import java.util.Objects;

/**
 * The Java form of BPF's timed {@code may_goto}: the check the engine's instrumenting class loader wires into every
 * loop of a policy's bytecode (and into every {@code catch (Throwable)} / {@code catch (Error)} handler), so that a
 * callback spinning in a loop that calls no helper can still be stopped at its wall-clock budget.
 *
 * <p><b>Why it exists.</b> A BPF scheduler cannot hang the kernel in a loop: the verifier only accepts bounded loops,
 * and for open-ended ones ({@code bpf_for}, {@code can_loop}, used all over {@code sched-ext/scx}) it rewrites each
 * {@code may_goto} instruction into a count kept in the program's stack frame. The timed variant
 * ({@code bpf_check_timed_may_goto} in {@code kernel/bpf/core.c}) samples the clock only when the count runs out
 * ({@code BPF_MAX_TIMED_LOOPS} iterations), and breaks the loop once a quarter second has passed since the first
 * sample. A Java policy has no verifier, and the JVM has no {@code Thread.stop}: a callback in {@code while (true) {}}
 * would never return. The engine's helpers already check the callback budget on every call; the instrumented loop
 * extends the check to loops that call no helper, in the same amortized way: each loop-carrying method keeps a count
 * in a local variable, decrements it at every back-edge and calls {@link #check()} only when it reaches zero, every
 * {@value #CHECK_INTERVAL} back-edges.
 *
 * <p><b>Who calls what.</b> Instrumented code calls {@link #check()} and {@link #handlerEntry()}; both do nothing until
 * the engine has installed its {@link Supervisor} (exactly once per JVM, before it defines any instrumented class).
 * The supervisor throws an {@link Error} into the looping callback when the callback is past its budget; the engine
 * catches it at the callback boundary and ejects the policy, as for any other overrun. A {@code catch (Throwable)} in
 * the policy cannot swallow it: the handler-entry check throws it again while the callback is still over budget.
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

    private static volatile Supervisor supervisor;

    private MayGoto() {}

    /**
     * Called by instrumented code when a method's loop count runs out: asks the supervisor whether the callback
     * running on this thread is past its budget (it throws if so) and returns the count to start again from,
     * {@value #CHECK_INTERVAL}.
     */
    public static int check() {
        consult();
        return CHECK_INTERVAL;
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
