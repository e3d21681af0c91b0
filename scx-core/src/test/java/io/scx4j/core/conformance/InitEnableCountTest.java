package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of init_enable_count: init_task/exit_task/enable/disable counts for tasks that exist at load (transition
 * inits) and children forked afterwards, in global mode and in SWITCH_PARTIAL mode (only SCHED_EXT tasks enabled).
 */
class InitEnableCountTest {
    static final int PRE = 16, NORMAL_KIDS = 5, EXT_KIDS = 5;

    static final class Counts {
        int initFork, initTransition, exit, enable, disable;
    }

    static Counts run(boolean partial) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < PRE; i++) {
            // light load: in SWITCH_PARTIAL mode fair outranks ext, so saturating fair tasks would starve the ext children
            tasks.add(TaskSpec.of("pre" + i, Step.run(50 * US), Step.sleep(1 * MS)));
        }
        for (int i = 0; i < NORMAL_KIDS; i++) {
            tasks.add(child("normal" + i, 100 * US, 100 * US, 3).startingAt(10 * MS + i * MS));
        }
        for (int i = 0; i < EXT_KIDS; i++) {
            tasks.add(child("ext" + i, 100 * US, 100 * US, 3).withPolicy(SchedPolicy.EXT)
                    .startingAt(10 * MS + i * MS));
        }
        Engine e = engine(FLAT_4, tasks);
        e.runUntil(5 * MS);
        Counts c = new Counts();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "init_enable_count"; }
            public long flags() { return partial ? OpsFlags.SWITCH_PARTIAL : 0; }
            public int initTask(Task p, InitTaskArgs args) {
                if (args.fork()) {
                    c.initFork++;
                } else {
                    c.initTransition++;
                }
                return 0;
            }
            public void exitTask(Task p, ExitTaskArgs args) { c.exit++; }
            public void enable(Task p) { c.enable++; }
            public void disable(Task p) { c.disable++; }
        }));
        RunResult r = e.run(Duration.ofMillis(50));
        assertStillRunning(e, r);
        for (int i = 0; i < EXT_KIDS; i++) {
            assertEquals(300 * US, r.task("ext" + i).runtimeNs(), "ext" + i + " exited");
            assertEquals(300 * US, r.task("normal" + i).runtimeNs(), "normal" + i + " exited");
        }
        assertEquals(NORMAL_KIDS + EXT_KIDS, c.exit, "the exited children got exit_task");
        assertUnregOnUnload(e);
        return c;
    }

    @Test
    void globalModeEnablesEveryTask() {
        Counts c = run(false);
        assertEquals(PRE, c.initTransition);
        assertEquals(NORMAL_KIDS + EXT_KIDS, c.initFork);
        assertTrue(c.initTransition > c.initFork, "transition inits > fork inits");
        assertEquals(c.initFork + c.initTransition, c.exit, "every init_task has its exit_task");
        assertEquals(PRE + NORMAL_KIDS + EXT_KIDS, c.enable);
        assertEquals(c.enable, c.disable);
    }

    @Test
    void switchPartialEnablesOnlySchedExtTasks() {
        Counts c = run(true);
        assertEquals(PRE, c.initTransition, "init_task runs for every task, even those staying in fair");
        assertEquals(NORMAL_KIDS + EXT_KIDS, c.initFork);
        assertEquals(c.initFork + c.initTransition, c.exit);
        assertEquals(EXT_KIDS, c.enable);
        assertEquals(EXT_KIDS, c.disable);
    }
}
