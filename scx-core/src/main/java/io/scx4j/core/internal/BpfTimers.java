package io.scx4j.core.internal;

import io.scx4j.api.BpfTimer;
import io.scx4j.api.BpfTimerCallback;
import io.scx4j.api.ExitKind;
import io.scx4j.api.Scx;
import io.scx4j.core.internal.Kernel.Ctx;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded policy's BPF timers ({@code bpf_timer_init/_set_callback/_start/_cancel}, {@code kernel/bpf/helpers.c}):
 * each armed timer is one {@link Kernel#EV_BPF_TIMER} event in the engine's queue (a = timer index, b = the arming's
 * sequence number, so a re-armed or cancelled timer's old event finds a different number and does nothing).
 *
 * <p>The callback runs as the kernel runs it, in softirq context on the CPU that armed the timer with no run-queue
 * lock held and outside every {@code ops.*} callback: the engine's unlocked context ({@link Ctx#UNLOCKED}) with no
 * current op, as a SYSCALL program ({@link ProgRun}). A CPU that was idle took an interrupt for it: if nothing runs
 * there after the callback, the CPU paid an empty wake-up ({@link Machine#idleWoken}), the energy cost of a periodic
 * timer on an idle machine. An exception thrown by the callback is a scheduler error naming the timer. Unloading or
 * ejecting the policy cancels every timer ({@link #cancelAll}), as the kernel frees a scheduler's maps with their
 * timers; a timer event already queued then finds no timer.
 *
 * <p>Allocation: timers are created once (in {@code ops.init}); starting, firing and cancelling allocate nothing.
 */
final class BpfTimers {
    private final Kernel k;
    private final UnlockedContext context;
    private final List<Timer> timers = new ArrayList<>();
    /** Sequence number of the latest arming, engine-wide: never reused, so stale events never match. */
    private long seq;
    /** The timer whose callback is running, or null. */
    private Timer running;

    BpfTimers(Kernel kernel) {
        this.k = kernel;
        this.context = new UnlockedContext(kernel);
    }

    /** {@code bpf_timer_init} + {@code bpf_timer_set_callback}: a new disarmed timer of the loaded policy. */
    BpfTimer create(String name, BpfTimerCallback cb) {
        Timer t = new Timer(timers.size(), name, cb);
        timers.add(t);
        return t;
    }

    /** The name of the timer whose callback is running, or null outside timer callbacks. */
    String runningName() {
        return running == null ? null : running.name;
    }

    /** The policy goes away: every timer is cancelled and forgotten. */
    void cancelAll() {
        for (int i = 0; i < timers.size(); i++) {
            timers.get(i).armedSeq = 0;
        }
        timers.clear();
    }

    /** A timer event: runs the callback if the timer is still armed with this sequence number. */
    void fire(int index, long armedSeq) {
        if (index >= timers.size() || !k.policyActive()) {
            return;
        }
        Timer t = timers.get(index);
        if (t.armedSeq != armedSeq) {
            return;
        }
        t.armedSeq = 0;
        int cpu = t.cpu;
        running = t;
        Scx scx = context.enter(cpu);
        try {
            t.cb.fire(scx, cpu, t);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError v && !(e instanceof StackOverflowError)) {
                throw v;
            }
            StackTraceElement[] st = e.getStackTrace();
            String at = st.length > 0 ? " at " + st[0] : "";
            k.error(ExitKind.ERROR, "BPF timer callback '" + t.name + "' threw " + e + at);
        } finally {
            context.leave();
            running = null;
        }
        CpuRq rq = k.cpus[cpu];
        if (rq.online && rq.curr == null && !rq.needResched) {
            k.machine.idleWoken(rq);
        }
    }

    private final class Timer implements BpfTimer {
        private final int index;
        private final String name;
        private final BpfTimerCallback cb;
        /** 0 when disarmed. */
        private long armedSeq;
        private int cpu;

        Timer(int index, String name, BpfTimerCallback cb) {
            this.index = index;
            this.name = name;
            this.cb = cb;
        }

        @Override
        public void start(long nsecs) {
            if (nsecs < 0) {
                throw new IllegalArgumentException("bpf_timer_start(" + name + "): negative delay " + nsecs + " ns");
            }
            if (!k.policyActive() || timers.size() <= index || timers.get(index) != this) {
                return; // the scheduler is going away: its timers are gone
            }
            armedSeq = ++seq;
            int c = k.thisCpu;
            cpu = c >= 0 && c < k.cpus.length && k.cpus[c].online ? c : k.topology.online().first();
            k.post(k.now + nsecs, Kernel.EV_BPF_TIMER, index, armedSeq);
        }

        @Override
        public boolean cancel() {
            boolean was = armedSeq != 0;
            armedSeq = 0;
            return was;
        }

        @Override
        public boolean armed() {
            return armedSeq != 0;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "bpf_timer " + name;
        }
    }
}
