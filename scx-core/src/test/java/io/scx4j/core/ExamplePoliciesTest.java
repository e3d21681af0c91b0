package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.lib.policies.CentralPolicyProvider;
import io.scx4j.lib.policies.SimplePolicyProvider;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** scx-lib's example policies on the engine: they keep every task running and never trip a guard rail. */
class ExamplePoliciesTest {
    static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"simple, fifo=false", "simple, fifo=true", "central, central_cpu=0"})
    void anExamplePolicyRunsAMixedLoadForASecondWithoutEjection(String policy, String option) {
        PolicyProvider provider = policy.equals("simple") ? new SimplePolicyProvider() : new CentralPolicyProvider();
        String[] kv = option.split("=");
        var ops = provider.create(PolicyConfig.parse(policy, provider.options(), Map.of(kv[0], kv[1])));

        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(3, TaskSpec.of("hog", Step.run(1_000 * MS))));
        tasks.addAll(Workload.copies(6, TaskSpec.of("io", Step.run(MS / 2), Step.sleep(2 * MS))));
        Engine e = new Engine(TopologyPresets.get("flat-4"), EngineConfig.defaults());
        e.addWorkload(new Workload("mixed", tasks));
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(ops));

        RunResult r = e.run(Duration.ofSeconds(1));

        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        assertTrue(e.policyLoaded());
        for (TaskResult t : r.tasks()) {
            // central: one I/O task gets only a few ms. That is scx_central's design, not an engine fault: every
            // non-central CPU that runs dry kicks the central CPU with SCX_KICK_PREEMPT, which zeroes the slice
            // of whatever the central CPU runs, and the central CPU serves the other CPUs before itself. Here the
            // I/O task the central CPU takes for itself is preempted at the same virtual instant by the next
            // request (a real IPI would let it run a few microseconds). Every task must still have run.
            long floor = policy.equals("central") ? MS : 20 * MS;
            assertTrue(t.runtimeNs() > floor, t.comm() + " ran only " + t.runtimeNs() / MS + " ms");
        }
        long capacity = (policy.equals("central") ? 3 : 4) * 1_000 * MS;
        assertTrue(r.totalRuntimeNs() > capacity * 9 / 10,
                "the machine stayed busy: " + r.totalRuntimeNs() / MS + " ms of " + capacity / MS);
    }
}
