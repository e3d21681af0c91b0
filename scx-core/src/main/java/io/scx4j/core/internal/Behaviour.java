package io.scx4j.core.internal;

import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a task is in its behaviour program: a stack of frames, one per body being executed (the program itself, then
 * each {@link Step.Loop} or {@link Step.Phase} entered), each with its position and how many times its body has run.
 * The stack is sized once, at fork, from the program's nesting depth, so moving through the program allocates nothing.
 *
 * <p>This class only moves; {@link Programs} executes the steps. rt-app runs a task's phases in order and the whole
 * list {@code loop} times (-1 = for ever), each phase's events {@code loop} times (reference
 * simulators-workloads-traces.md §2.3-2.5); {@link TaskSpec#repeat()} plays the task-level loop.
 */
final class Behaviour {
    private final List<?>[] bodies;
    private final int[] pcs;
    private final int[] done;
    private final int[] counts;
    private int depth;
    private boolean finished;

    Behaviour(TaskSpec spec) {
        int frames = 1 + nesting(spec.program());
        bodies = new List<?>[frames];
        pcs = new int[frames];
        done = new int[frames];
        counts = new int[frames];
        bodies[0] = spec.program();
        counts[0] = spec.repeat();
    }

    /** How deep Loops and Phases nest in {@code body}. */
    static int nesting(List<Step> body) {
        int d = 0;
        for (Step s : body) {
            if (s instanceof Step.Loop l) {
                d = Math.max(d, 1 + nesting(l.body()));
            } else if (s instanceof Step.Phase ph) {
                d = Math.max(d, 1 + nesting(ph.body()));
            }
        }
        return d;
    }

    /**
     * The next step to execute, entering loops and leaving finished bodies on the way (pure bookkeeping, no step is
     * executed); null once the program is over. A {@link Step.Phase} is returned, not entered: entering it changes the
     * task's attributes, which is the executor's job ({@link #enterPhase}).
     */
    @Nullable Step peek() {
        while (!finished) {
            List<?> body = bodies[depth];
            if (pcs[depth] == body.size()) {
                done[depth]++;
                if (counts[depth] == -1 || done[depth] < counts[depth]) {
                    pcs[depth] = 0;
                    continue;
                }
                if (depth == 0) {
                    finished = true;
                    return null;
                }
                bodies[depth] = null;
                depth--;
                pcs[depth]++;
                continue;
            }
            Step s = (Step) body.get(pcs[depth]);
            if (s instanceof Step.Loop l) {
                push(l.body(), l.count());
                continue;
            }
            return s;
        }
        return null;
    }

    /** Moves past the leaf step {@link #peek()} returned. */
    void consume() {
        pcs[depth]++;
    }

    /** Enters the phase {@link #peek()} returned; the phase step is passed when its body has run its loops. */
    void enterPhase(Step.Phase phase) {
        push(phase.body(), phase.loops());
    }

    private void push(List<Step> body, int count) {
        depth++;
        bodies[depth] = body;
        pcs[depth] = 0;
        done[depth] = 0;
        counts[depth] = count;
    }
}
