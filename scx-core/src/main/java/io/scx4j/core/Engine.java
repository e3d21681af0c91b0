package io.scx4j.core;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SyscallProgram;
import io.scx4j.core.internal.Kernel;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
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

    /**
     * Schedules a CPU hotplug event: at {@code timeNs} CPU {@code cpu} goes online or offline. A loaded policy gets
     * {@code ops.cpu_online}/{@code ops.cpu_offline}, or is ejected with {@code SCX_EXIT_UNREG_KERN} and
     * {@code SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG} when it lacks the op; an offlined CPU's tasks move to
     * online CPUs.
     *
     * @throws IllegalArgumentException if {@code cpu} is not a possible CPU or {@code timeNs} is in the past
     */
    public Engine hotplug(long timeNs, int cpu, boolean online) {
        kernel.hotplug(timeNs, cpu, online);
        return this;
    }

    /**
     * Sets the cpu controller knobs of the cgroup at {@code path} now, creating it (and its parents) if needed:
     * {@code cpu.weight} (1..10000, default 100) and {@code cpu.max} ({@code quotaUs} per {@code periodUs}, quota -1
     * for "max"). A loaded policy hears {@code ops.cgroup_init} for a new cgroup and {@code ops.cgroup_set_weight} /
     * {@code ops.cgroup_set_bandwidth} for changed knobs; the fair class enforces both for its tasks, sched_ext leaves
     * them to the policy. Tasks join cgroups by {@link io.scx4j.core.workload.TaskSpec#cgroup()} or
     * {@link #moveToCgroup}.
     *
     * @throws IllegalArgumentException for knobs out of the kernel's ranges, naming the cgroup and the knob
     */
    public Engine cgroup(String path, int weight, long quotaUs, long periodUs) {
        kernel.cgroup(path, weight, quotaUs, periodUs);
        return this;
    }

    /**
     * Moves the live task named {@code comm} to the cgroup at {@code path} now ({@code ops.cgroup_prep_move}, then
     * {@code ops.cgroup_move}). Returns 0, or the policy's negative errno when it refused the move.
     */
    public int moveToCgroup(String comm, String path) {
        return kernel.moveTaskToCgroup(kernel.task(comm), path);
    }

    /**
     * {@code sched_setscheduler()}: gives the live task named {@code comm} a new policy now ({@code priority} is the
     * RT priority 1..99 for SCHED_FIFO/RR, the nice level -20..19 otherwise); it changes class (RT, fair, ext) with
     * the callbacks the kernel makes.
     */
    public Engine setScheduler(String comm, io.scx4j.api.SchedPolicy policy, int priority) {
        kernel.changePolicy(kernel.task(comm), policy, priority);
        return this;
    }

    /**
     * {@code sched_setaffinity()}: the live task named {@code comm} may run only on {@code mask} from now on. The
     * kernel changes the mask inside a {@code sched_change} block: a waiting ext task leaves the policy's hands
     * ({@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)} if in custody, {@code ops.quiescent}), hears the mask
     * ({@code ops.set_cpumask}) and is handed back ({@code ops.runnable}, {@code ops.enqueue}); a running one keeps
     * its CPU if the CPU is still allowed and moves otherwise; a sleeping one wakes up inside the mask.
     *
     * @throws IllegalArgumentException if no task is named {@code comm} or {@code mask} has no online CPU
     */
    public Engine setAffinity(String comm, CpuMask mask) {
        kernel.setAffinity(kernel.task(comm), mask);
        return this;
    }

    /**
     * {@code BPF_PROG_RUN} ({@code bpf_prog_test_run_opts()}) of a {@code BPF_PROG_TYPE_SYSCALL} program on
     * {@code cpu}, now: the program runs once, outside every callback, with the kfuncs of the unlocked context
     * ({@code scx_bpf_create_dsq}, {@code scx_bpf_select_cpu_dfl}, {@code scx_bpf_exit}, ...). An exit it claims is
     * carried out before this returns. Returns the program's return value ({@code retval}).
     *
     * <p>A program that calls a kfunc the kernel does not register for SYSCALL programs ({@code scx_bpf_dsq_insert},
     * the dispatch-only kfuncs) would be refused by the verifier at load with {@code -EACCES} and never run: here it
     * is stopped at that call, this returns {@code -EACCES} ({@code -}{@link io.scx4j.api.Errno#EACCES}) and
     * {@link #progRunLog()} says which kfunc; the policy stays loaded, with no error. Kfuncs the program called before
     * that one have taken effect.
     *
     * @throws IllegalArgumentException if {@code cpu} is not online
     */
    public int progRun(int cpu, SyscallProgram program) {
        return kernel.progRun(cpu, program);
    }

    /**
     * The verifier's log for the last {@link #progRun}: empty if the program was accepted, else the refusal
     * ("calling kernel function scx_bpf_dsq_insert is not allowed ...", as {@code check_kfunc_call} in
     * {@code kernel/bpf/verifier.c} logs it).
     */
    public String progRunLog() {
        return kernel.progRunLog();
    }

    /** {@code /sys/kernel/sched_ext/hotplug_seq}: bumped by every hotplug event; a policy's {@code hotplugSeq()} is compared with it at load. */
    public long hotplugSeq() {
        return kernel.hotplugSeq();
    }

    /** Scheduler ticks CPU {@code cpu} has taken so far (none while idle or tickless on a nohz_full CPU). */
    public long ticks(int cpu) {
        return kernel.ticks(cpu);
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
