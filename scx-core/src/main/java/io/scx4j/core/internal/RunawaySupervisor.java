package io.scx4j.core.internal;

import io.scx4j.api.guard.MayGoto;

/**
 * The engine's {@link MayGoto.Supervisor}: when instrumented policy code reaches a loop back-edge, it finds the
 * {@link Kernel} running on this thread and lets it check the budget of the callback in progress, exactly as a helper
 * call does ({@link Kernel#checkBudget()}), so a callback looping without calling any helper is unwound with the same
 * error and ejected with the same {@code ExitInfo} ("ops.X() ran for N ms of wall-clock time, over its budget").
 * Outside a callback (a provider's constructor, code run between engine runs) the check passes.
 *
 * <p>The kernel is found through a private {@link ScopedValue} the kernel binds for the duration of
 * {@link Kernel#runUntil(long)}, not through {@code Scx.CURRENT}: a policy may rebind {@code Scx.CURRENT} (it is
 * public), and must not be able to hide from its own budget that way.
 */
public final class RunawaySupervisor implements MayGoto.Supervisor {
    /** The kernel whose event loop runs on this thread. */
    static final ScopedValue<Kernel> RUNNING = ScopedValue.newInstance();

    private static final RunawaySupervisor INSTANCE = new RunawaySupervisor();

    private RunawaySupervisor() {}

    /**
     * Installs the engine's supervisor into {@link MayGoto} unless it is installed already; idempotent. Called before
     * any instrumented class is defined.
     *
     * @throws IllegalStateException if another supervisor was installed first: instrumented code would then not be
     *                               checked against this engine's budgets, so nothing may be instrumented
     */
    public static synchronized void ensureInstalled() {
        if (!MayGoto.isSupervised()) {
            MayGoto.install(INSTANCE);
        }
        if (!MayGoto.isSupervisedBy(INSTANCE)) {
            throw new IllegalStateException("MayGoto's supervisor was installed by someone other than the engine;"
                    + " refusing to load instrumented policies");
        }
    }

    @Override
    public void check() {
        if (RUNNING.isBound()) {
            RUNNING.get().checkBudget();
        }
    }
}
