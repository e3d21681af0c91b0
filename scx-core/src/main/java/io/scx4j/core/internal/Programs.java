package io.scx4j.core.internal;

import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interpreter of behaviour programs: executes a task's {@link Step}s with rt-app's semantics (reference
 * simulators-workloads-traces.md §2.5, scheduler-tools/rt-app {@code src/rt-app.c} {@code run_event}) while the task is
 * on a CPU, and owns the workload's named objects (mutexes, condition variables, barriers, semaphores, shared timers)
 * and its fork templates.
 *
 * <p>A task executes its zero-time steps (resume, lock, signal, fork, ...) when its current run step completes, in
 * the context of the CPU it runs on, until it reaches one that takes time: a run (armed as the CPU's RUN_DONE), a
 * block (it leaves the CPU at the next schedule, as a sleep does: {@code stopping(false)}, {@code quiescent(SLEEP)}),
 * a yield or the end of the program (it exits). Steps right after a block that only move through the program and load
 * a run are taken at block time, so a woken task starts running at once. Tasks woken by another task (resume, signal,
 * unlock, semaphore post, barrier release) go through the normal wake-up path with that task as
 * {@link TaskStruct#waker}.
 *
 * <p>Nothing here allocates per step once a named object exists: names are looked up in hash maps (no boxing), wait
 * queues are intrusive, the frame stack is preallocated ({@link Behaviour}).
 */
final class Programs {
    /** The task has work to run: arm RUN_DONE. */
    static final int RUN = 0;
    /** The task blocks: for {@link TaskStruct#sleepNs}, or until woken. */
    static final int BLOCK = 1;
    /** The task blocks on a contended mutex (a donor under proxy execution). */
    static final int BLOCK_ON_MUTEX = 2;
    /** {@code sched_yield()}. */
    static final int YIELD = 3;
    /** The program is over: the task exits. */
    static final int EXIT = 4;
    /** A phase took the task's CPU out of its affinity: the stopper moves it at the next pick (see AffinityChange). */
    static final int MIGRATE = 5;
    /** A mutex owner running in a donor's place unlocked a mutex: it stops executing here, the donor re-evaluates. */
    static final int STOP_UNLOCKED = 6;
    /** A mutex owner running in a donor's place reached a step it cannot take there (see {@link ProxyExec}). */
    static final int STOP_BLOCKED = 7;

    private static final int MAX_ZERO_TIME_STEPS = 1_000_000;

    private final Kernel k;
    private final Map<String, KMutex> mutexes = new HashMap<>();
    private final Map<String, WaitQueue> conds = new HashMap<>();
    private final Map<String, BarrierState> barriers = new HashMap<>();
    private final Map<String, Semaphore> sems = new HashMap<>();
    /** Pipes ({@link Step.PipeWrite}): a count of unread messages and the blocked readers, like a semaphore. */
    private final Map<String, Semaphore> pipes = new HashMap<>();
    private final Map<String, PeriodicTimer> timers = new HashMap<>();
    private final Map<String, TaskSpec> templates = new HashMap<>();
    private final Map<String, int[]> forks = new HashMap<>();

    Programs(Kernel k) {
        this.k = k;
    }

    /** A barrier: how many tasks wait at it now, and who. */
    static final class BarrierState {
        int arrived;
        final WaitQueue waiters = new WaitQueue();
    }

    /** A counting semaphore starting at 0; posts without a waiter are remembered. */
    static final class Semaphore {
        long count;
        final WaitQueue waiters = new WaitQueue();
    }

    // ================================================================== set-up

    /** Registers {@code specs} as fork templates, by comm. */
    void addTemplates(List<TaskSpec> specs) {
        for (TaskSpec t : specs) {
            if (templates.putIfAbsent(t.comm(), t) != null) {
                throw new IllegalArgumentException("template '" + t.comm() + "' is defined twice");
            }
        }
    }

    /** Checks that every {@link Step.Fork} of {@code spec} names a registered template. */
    void checkForks(TaskSpec spec) {
        checkForks(spec.comm(), spec.program());
    }

    private void checkForks(String comm, List<Step> body) {
        for (Step s : body) {
            switch (s) {
                case Step.Fork f when !templates.containsKey(f.template()) -> throw new IllegalArgumentException(
                        "task '" + comm + "': fork of unknown template '" + f.template() + "' (templates: "
                                + templates.keySet() + ")");
                case Step.Loop l -> checkForks(comm, l.body());
                case Step.Phase ph -> checkForks(comm, ph.body());
                default -> { }
            }
        }
    }

    /**
     * Prepares a new task: sleeps at the very start of its program delay its fork instead (a task that sleeps first
     * does nothing before); returns that delay. The first run is loaded if nothing else comes before it.
     */
    long prepare(TaskStruct p) {
        long delay = 0;
        Behaviour b = p.behaviour;
        for (Step first : p.spec.program()) {
            if (!(first instanceof Step.Sleep s) || b.peek() != first) {
                break;
            }
            b.consume();
            delay += s.ns();
        }
        preloadRun(p);
        return delay;
    }

    // ================================================================== execution

    /**
     * The current run step of {@code p}, executing on {@code rq}, has completed (or there was none): executes the next
     * steps and tells the kernel what follows.
     */
    void afterRun(CpuRq rq, TaskStruct p) {
        if (p.blocking || p.blockedOn != null) {
            return;
        }
        int outcome = execute(rq, p);
        switch (outcome) {
            case RUN -> k.armRunDone(rq);
            case BLOCK -> {
                preloadRun(p);
                block(rq, p, p.sleepNs);
            }
            case BLOCK_ON_MUTEX -> {
                preloadRun(p);
                if (k.config.proxyExecution() && rq.curr == p) {
                    k.proxy.becomeDonor(rq, p);
                } else {
                    block(rq, p, TaskStruct.UNTIL_WOKEN);
                }
            }
            case YIELD -> k.yieldTask(rq, p);
            case EXIT -> block(rq, p, -1);
            case MIGRATE -> p.continueGen = rq.runGen; // kept if the mask is widened again before the pick
            case STOP_UNLOCKED -> k.proxy.ownerStopped(rq, true);
            case STOP_BLOCKED -> k.proxy.ownerStopped(rq, false);
            default -> throw new IllegalStateException("outcome " + outcome);
        }
    }

    private void block(CpuRq rq, TaskStruct p, long sleepNs) {
        p.blocking = true;
        p.sleepNs = sleepNs;
        k.resched(rq);
    }

    /**
     * The schedule of {@code rq} kept its running task {@code p}: a yield or a cancelled block continues here, a donor
     * runs its mutex owner in its place (proxy execution).
     */
    void kept(CpuRq rq, TaskStruct p) {
        if (p.blockedOn != null) {
            if (rq.proxy == null) {
                k.proxy.becomeDonor(rq, p);
            }
            return;
        }
        if (p.continueGen == rq.runGen) {
            p.continueGen = -1;
            k.armRunDone(rq);
        }
    }

    /** Loads the next step if it is a run reachable without executing anything (no phase entry in between). */
    private void preloadRun(TaskStruct p) {
        Behaviour b = p.behaviour;
        Step s = b.peek();
        if (s instanceof Step.Run || s instanceof Step.Runtime || s instanceof Step.RunRandom) {
            b.consume();
            load(p, s);
        }
    }

    private void load(TaskStruct p, Step s) {
        switch (s) {
            case Step.Run r -> {
                p.wallClockWork = false;
                p.remainingWork = r.workNs();
            }
            case Step.Runtime r -> {
                p.wallClockWork = true;
                p.remainingWork = r.ns();
            }
            case Step.RunRandom r -> {
                p.wallClockWork = false;
                p.remainingWork = r.work().sample(k.random);
            }
            default -> throw new IllegalStateException(s + " is not a run step");
        }
        k.machine.newRunStep(p);
    }

    private int execute(CpuRq rq, TaskStruct p) {
        Behaviour b = p.behaviour;
        boolean proxied = rq.proxy == p;
        for (int n = 0; n < MAX_ZERO_TIME_STEPS; n++) {
            Step s = b.peek();
            if (s == null) {
                return proxied ? STOP_BLOCKED : EXIT;
            }
            if (proxied && (!runsUnderProxy(s) || p.phaseAttrsAfterMove != null)) {
                return STOP_BLOCKED;
            }
            if (p.phaseAttrsAfterMove != null) {
                // the phase's sched_setaffinity() returned, on the new CPU: its other attributes follow
                Step.Attrs a = p.phaseAttrsAfterMove;
                p.phaseAttrsAfterMove = null;
                applySchedAttrs(p, a);
            }
            if (s instanceof Step.Phase ph) {
                b.enterPhase(ph);
                if (enterPhase(rq, p, ph)) {
                    return MIGRATE;
                }
                continue;
            }
            b.consume();
            switch (s) {
                case Step.Run r -> {
                    load(p, r);
                    return RUN;
                }
                case Step.Runtime r -> {
                    load(p, r);
                    return RUN;
                }
                case Step.RunRandom r -> {
                    load(p, r);
                    return RUN;
                }
                case Step.Sleep sl -> {
                    p.sleepNs = sl.ns();
                    return BLOCK;
                }
                case Step.SleepRandom sl -> {
                    p.sleepNs = sl.time().sample(k.random);
                    return BLOCK;
                }
                case Step.Timer t -> {
                    long sleep = timer(p, t.ref()).use(k.now, t.periodNs(), t.absolute());
                    p.counters.timerPeriods++;
                    if (sleep > 0) {
                        p.sleepNs = sleep;
                        return BLOCK;
                    }
                    p.counters.timerMisses++;
                }
                case Step.Suspend x -> {
                    if (p.resumePending) {
                        p.resumePending = false;
                    } else {
                        p.suspended = true;
                        p.sleepNs = TaskStruct.UNTIL_WOKEN;
                        return BLOCK;
                    }
                }
                case Step.Resume r -> resume(p, r.task());
                case Step.Lock l -> {
                    if (!lock(p, mutex(l.mutex()))) {
                        return BLOCK_ON_MUTEX;
                    }
                }
                case Step.Unlock u -> {
                    if (unlock(p, mutex(u.mutex())) && proxied) {
                        return STOP_UNLOCKED;
                    }
                }
                case Step.Wait w -> {
                    waitOn(p, w.cond(), w.mutex());
                    return BLOCK;
                }
                case Step.Signal sg -> signal(p, sg.cond(), sg.all());
                case Step.Sync sy -> {
                    signal(p, sy.cond(), false);
                    waitOn(p, sy.cond(), sy.mutex());
                    return BLOCK;
                }
                case Step.Barrier br -> {
                    if (!barrier(p, br.name(), br.parties())) {
                        p.sleepNs = TaskStruct.UNTIL_WOKEN;
                        return BLOCK;
                    }
                }
                case Step.SemPost sp -> semPost(p, sp.name());
                case Step.PipeWrite pw -> post(p, sem(pipes, pw.pipe()), true);
                case Step.PipeRead pr -> {
                    if (!take(p, sem(pipes, pr.pipe()))) {
                        p.sleepNs = TaskStruct.UNTIL_WOKEN;
                        return BLOCK;
                    }
                }
                case Step.SemWait sw -> {
                    if (!semWait(p, sw.name())) {
                        p.sleepNs = TaskStruct.UNTIL_WOKEN;
                        return BLOCK;
                    }
                }
                case Step.Fork f -> fork(p, f.template());
                case Step.Yield y -> {
                    return YIELD;
                }
                case Step.Loop l -> throw new IllegalStateException("loops are entered by Behaviour.peek");
                case Step.Phase ph -> throw new IllegalStateException("phases are entered above");
            }
        }
        throw new IllegalStateException("task " + p + " executed " + MAX_ZERO_TIME_STEPS + " steps at t=" + k.now
                + " ns without running or blocking: its program loops over zero-time steps");
    }

    /**
     * The steps a mutex owner executes in a donor's place: CPU work and the steps that cannot block it. Anything that
     * would block, yield, move or end the owner waits until the owner runs on its own. So does a pipe write: its
     * {@code WF_SYNC} wake-up is placed by the waker's CPU, and a proxied owner stays queued on another CPU than the
     * one it executes on.
     */
    private static boolean runsUnderProxy(Step s) {
        return s instanceof Step.Run || s instanceof Step.Runtime || s instanceof Step.RunRandom
                || s instanceof Step.Unlock || s instanceof Step.Resume || s instanceof Step.Signal
                || s instanceof Step.SemPost || s instanceof Step.Fork;
    }

    /**
     * Wakes {@code w}, which waited on a mutex, condition, barrier, semaphore or suspend, from {@code waker}'s context.
     * A waiter that decided to block but has not left its CPU yet (same instant) simply does not block; a donor that is
     * running under proxy execution takes over its CPU from the owner it was running.
     */
    void wakeWaiter(TaskStruct w, TaskStruct waker) {
        wakeWaiter(w, waker, false);
    }

    /**
     * {@link #wakeWaiter(TaskStruct, TaskStruct)}, with {@code WF_SYNC} when {@code sync} (a pipe's reader, see
     * {@link Step.PipeWrite}): the flag only matters if {@code w} really sleeps and goes through a wake-up.
     */
    void wakeWaiter(TaskStruct w, TaskStruct waker, boolean sync) {
        switch (w.runState) {
            case SLEEPING -> k.wakeUpBy(w, waker, sync);
            case RUNNING -> {
                CpuRq wrq = k.cpus[w.cpu];
                w.waker = waker;
                if (w.blocking) {
                    w.blocking = false;
                    w.continueGen = wrq.runGen;
                } else if (wrq.proxy != waker) {
                    if (wrq.proxy != null) {
                        k.updateCurr(wrq);
                        k.proxy.end(wrq);
                    }
                    wrq.runGen++;
                    k.armRunDone(wrq);
                }
                // else: the owner running for w on wrq unlocked; it stops and w goes on (ProxyExec.ownerStopped)
            }
            default -> {
                // a runnable donor waiting in a queue: it goes on when it next runs
            }
        }
    }

    /**
     * Applies a phase's attributes as rt-app does at phase start ({@code thread_body} in rt-app's
     * {@code src/rt-app.c}: {@code set_thread_affinity}, then {@code set_thread_param}, then
     * {@code set_thread_taskgroup}; reference simulators-workloads-traces.md §2.4). The affinity is the task's
     * {@code sched_setaffinity()} on itself ({@link AffinityChange#setOwn}). If that takes the task's CPU out of its
     * mask it returns true: the CPU's stopper is about to move the task, and as {@code pthread_setaffinity_np()} only
     * returns once the move is done, the other attributes are applied when the task runs again, on its new CPU
     * ({@link TaskStruct#phaseAttrsAfterMove}).
     */
    private boolean enterPhase(CpuRq rq, TaskStruct p, Step.Phase ph) {
        Step.Attrs a = ph.attrs();
        if (a.affinity() != null && k.affinity.setOwn(rq, p, a.affinity(), ph.name())) {
            p.phaseAttrsAfterMove = a;
            return true;
        }
        applySchedAttrs(p, a);
        return false;
    }

    /**
     * A phase's attributes other than the affinity: policy and priority ({@link Kernel#changePolicy}; a priority
     * alone is a nice level, or an RT priority for FIFO/RR tasks; a policy alone keeps the nice level, or takes RT
     * priority 10), then the cgroup ({@link Kernel#moveTaskToCgroup}).
     */
    private void applySchedAttrs(TaskStruct p, Step.Attrs a) {
        if (a.policy() != null) {
            int prio = a.priority() != null ? a.priority() : a.policy().isRealtime() ? 10 : p.nice();
            if (a.policy() != p.policy() || prio != (a.policy().isRealtime() ? p.rtPriority : p.nice())) {
                k.changePolicy(p, a.policy(), prio);
            }
        } else if (a.priority() != null) {
            if (p.policy().isRealtime()) {
                k.changePolicy(p, p.policy(), a.priority());
            } else {
                k.setUserNice(p, a.priority());
            }
        }
        if (a.cgroup() != null) {
            k.moveTaskToCgroup(p, a.cgroup());
        }
    }

    // ================================================================== the steps

    private PeriodicTimer timer(TaskStruct p, String ref) {
        if (ref.startsWith("unique")) {
            if (p.uniqueTimers == null) {
                p.uniqueTimers = new HashMap<>();
            }
            return p.uniqueTimers.computeIfAbsent(ref, r -> new PeriodicTimer());
        }
        PeriodicTimer t = timers.get(ref);
        if (t == null) {
            t = new PeriodicTimer();
            timers.put(ref, t);
        }
        return t;
    }

    /** rt-app {@code resume}: wakes every task whose comm or group is {@code name}; a resume before the suspend is kept. */
    private void resume(TaskStruct waker, String name) {
        List<TaskStruct> all = k.tasks;
        for (int i = 0; i < all.size(); i++) {
            TaskStruct t = all.get(i);
            if (t == waker || t.runState == TaskStruct.RunState.DEAD
                    || !(t.comm().equals(name) || t.spec.group().equals(name))) {
                continue;
            }
            if (t.suspended) {
                t.suspended = false;
                wakeWaiter(t, waker);
            } else {
                t.resumePending = true;
            }
        }
    }

    private KMutex mutex(String name) {
        KMutex m = mutexes.get(name);
        if (m == null) {
            m = new KMutex(name);
            mutexes.put(name, m);
        }
        return m;
    }

    /** Takes {@code m} for {@code p}, or queues {@code p} as a waiter and returns false. */
    private boolean lock(TaskStruct p, KMutex m) {
        if (m.owner == null) {
            m.owner = p;
            return true;
        }
        if (m.owner == p) {
            throw new IllegalStateException("task " + p + " locks " + m + " it already holds (a self-deadlock)");
        }
        m.waiters.add(p);
        p.blockedOn = m;
        p.lockWaitStart = k.now;
        return false;
    }

    /**
     * Releases {@code m}, handing it to the first waiter; returns true if there was one.
     */
    private boolean unlock(TaskStruct p, KMutex m) {
        if (m.owner != p) {
            throw new IllegalStateException("task " + p + " unlocks " + m + " held by "
                    + (m.owner == null ? "nobody" : m.owner.toString()));
        }
        TaskStruct w = m.waiters.poll();
        m.owner = w;
        if (w == null) {
            return false;
        }
        w.blockedOn = null;
        long waited = k.now - w.lockWaitStart;
        w.counters.lockWaitNs += waited;
        w.counters.lockWaitMaxNs = Math.max(w.counters.lockWaitMaxNs, waited);
        w.counters.lockAcquisitions++;
        wakeWaiter(w, p);
        return true;
    }

    /** {@code pthread_cond_wait}: releases {@code mutex} and waits on {@code cond}; the mutex is retaken on wake-up. */
    private void waitOn(TaskStruct p, String cond, String mutexName) {
        KMutex m = mutex(mutexName);
        unlock(p, m);
        p.condMutex = m;
        condQueue(cond).add(p);
        p.sleepNs = TaskStruct.UNTIL_WOKEN;
    }

    private WaitQueue condQueue(String name) {
        WaitQueue q = conds.get(name);
        if (q == null) {
            q = new WaitQueue();
            conds.put(name, q);
        }
        return q;
    }

    /** {@code pthread_cond_signal}/{@code broadcast}: a signalled waiter retakes its mutex, waiting for it if held. */
    private void signal(TaskStruct p, String cond, boolean all) {
        WaitQueue q = condQueue(cond);
        TaskStruct w;
        while ((w = q.poll()) != null) {
            KMutex m = w.condMutex;
            w.condMutex = null;
            if (m.owner == null) {
                m.owner = w;
                wakeWaiter(w, p);
            } else {
                m.waiters.add(w);
                w.blockedOn = m;
                w.lockWaitStart = k.now;
            }
            if (!all) {
                return;
            }
        }
    }

    /** rt-app {@code barrier}: the last of {@code parties} arrivals releases the others and goes on; returns false to wait. */
    private boolean barrier(TaskStruct p, String name, int parties) {
        BarrierState b = barriers.get(name);
        if (b == null) {
            b = new BarrierState();
            barriers.put(name, b);
        }
        if (b.arrived + 1 >= parties) {
            b.arrived = 0;
            TaskStruct w;
            while ((w = b.waiters.poll()) != null) {
                wakeWaiter(w, p);
            }
            return true;
        }
        b.arrived++;
        b.waiters.add(p);
        return false;
    }

    private Semaphore sem(String name) {
        return sem(sems, name);
    }

    private static Semaphore sem(Map<String, Semaphore> byName, String name) {
        Semaphore s = byName.get(name);
        if (s == null) {
            s = new Semaphore();
            byName.put(name, s);
        }
        return s;
    }

    private void semPost(TaskStruct p, String name) {
        post(p, sem(name), false);
    }

    /** Wakes the first waiter of {@code s} (with {@code WF_SYNC} if {@code sync}), or remembers the post. */
    private void post(TaskStruct p, Semaphore s, boolean sync) {
        TaskStruct w = s.waiters.poll();
        if (w != null) {
            wakeWaiter(w, p, sync);
        } else {
            s.count++;
        }
    }

    private boolean semWait(TaskStruct p, String name) {
        return take(p, sem(name));
    }

    /** Takes one count of {@code s}, or queues {@code p} as a waiter and returns false. */
    private boolean take(TaskStruct p, Semaphore s) {
        if (s.count > 0) {
            s.count--;
            return true;
        }
        s.waiters.add(p);
        return false;
    }

    /** rt-app {@code fork}: a new instance of the template, named {@code <template>-<n>}, forked now. */
    private void fork(TaskStruct parent, String template) {
        TaskSpec t = templates.get(template);
        if (t == null) {
            throw new IllegalStateException("task " + parent + ": fork of unknown template '" + template + "'");
        }
        int[] n = forks.computeIfAbsent(template, x -> new int[1]);
        TaskSpec child = t.toBuilder().comm(template + "-" + n[0]++).pid(0).startNs(k.now).build();
        k.forkChild(parent, child);
    }
}
