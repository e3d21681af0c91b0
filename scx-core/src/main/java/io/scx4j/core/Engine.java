package io.scx4j.core;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.SchedOps;
import io.scx4j.core.internal.Kernel;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulated machine running tasks under a sched_ext policy (or under the fair class alone): the kernel's part of
 * sched_ext, played on a deterministic discrete-event simulator. Same topology, workload, policy and seed give the
 * same run.
 *
 * <pre>{@code
 * Engine engine = new Engine(TopologyPresets.get("smt-desktop-8c16t"), EngineConfig.defaults());
 * engine.addWorkload(workload);
 * engine.load(new SimplePolicyProvider().create());
 * RunResult result = engine.run(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Policies can be loaded, unloaded and switched between runs: {@code runUntil(t1); unload(); load(other);
 * runUntil(t2)}. No task is lost or duplicated on the way.
 */
public final class Engine {
    private final Kernel kernel;
    private String policyName = "fair";

    public Engine(Topology topology, EngineConfig config) {
        this.kernel = new Kernel(topology, config);
    }

    /**
     * Adds the workload's tasks, each forked at its start time, and registers its templates, which {@code Fork} steps
     * instantiate.
     *
     * @throws IllegalArgumentException if a template is defined twice (here or by an earlier workload) or a
     *                                  {@code Fork} step names no template
     */
    public Engine addWorkload(Workload workload) {
        kernel.addTemplates(workload.templates());
        workload.tasks().forEach(kernel::addTask);
        return this;
    }

    /** Adds one task. */
    public Engine addTask(TaskSpec spec) {
        kernel.addTask(spec);
        return this;
    }

    /** Subscribes a sink to the run's events. */
    public Engine addSink(EventSink sink) {
        kernel.addSink(sink);
        return this;
    }

    /**
     * Loads a policy now. Returns 0, or a negative errno when the load is refused outright (another policy loaded:
     * {@code -EBUSY}; bad name or flags: {@code -EINVAL}; timeout above 30 s: {@code -E2BIG}). A policy that fails
     * later (ops.init, init_task, a rule broken at load) is ejected and its exit is in {@link #exits()}.
     */
    public int load(SchedOps policy) {
        int ret = kernel.load(policy);
        if (ret == 0) {
            policyName = policy.name();
        }
        return ret;
    }

    /** Unloads the loaded policy ({@code SCX_EXIT_UNREG}); every task continues under the fair class. */
    public void unload() {
        kernel.unload();
    }

    /** True while a policy is loaded and not ejected. */
    public boolean policyLoaded() {
        return kernel.policyLoaded();
    }

    /** Runs until virtual time {@code endNs}. */
    public void runUntil(long endNs) {
        kernel.runUntil(endNs);
    }

    /** Runs for {@code duration} from now and returns the results so far. */
    public RunResult run(Duration duration) {
        kernel.runUntil(kernel.now() + duration.toNanos());
        return result();
    }

    /** Current virtual time in ns. */
    public long now() {
        return kernel.now();
    }

    /** Every policy exit so far. */
    public List<ExitInfo> exits() {
        return kernel.exits();
    }

    /** The most recent policy exit. */
    public Optional<ExitInfo> lastExit() {
        List<ExitInfo> e = kernel.exits();
        return e.isEmpty() ? Optional.empty() : Optional.of(e.get(e.size() - 1));
    }

    /** The results up to now. */
    public RunResult result() {
        return kernel.result(policyName);
    }

    /**
     * Checks the engine's invariants: every live task is in exactly one place (running on one CPU, on one DSQ, in the
     * policy's custody, on a fair run queue, or sleeping), a CPU runs at most one task, a task runs only inside its
     * cpumask.
     *
     * @throws IllegalStateException naming the broken invariant
     */
    public void checkInvariants() {
        kernel.checkInvariants();
    }

    /** Runs {@code check} after every batch of same-time events (for property tests). */
    public Engine afterEachStep(Runnable check) {
        kernel.setAfterStep(check);
        return this;
    }
}
