package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.guard.MayGoto;
import io.scx4j.core.internal.instrument.InstrumentingClassLoader;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.lib.policies.CentralPolicyProvider;
import io.scx4j.lib.policies.SimplePolicyProvider;
import io.scx4j.testplugins.SpinningDispatchProvider;
import io.scx4j.testplugins.SpinningInitProvider;
import io.scx4j.testplugins.SwallowingSelectCpuProvider;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy callback stuck in a loop that calls no helper is ejected when the policy was loaded through the
 * instrumenting class loader (plugin directory or {@link PolicyRegistry#instrumented}), and instrumentation changes
 * nothing else. The timeouts are a safety net only (an uninstrumented spin would hang the build), not assertions on
 * speed.
 */
class RunawayLoopTest {
    static final long MS = 1_000_000L;
    static final Topology TWO_CPUS = TopologyPresets.get("flat-2");
    /**
     * Long enough that a correct callback descheduled on a loaded machine is not mistaken for a runaway (the ejection
     * message must name the spinning callback), short enough to keep the test quick.
     */
    static final Duration BUDGET = Duration.ofMillis(200);

    private static Engine engineWithBudget() {
        Engine e = new Engine(TWO_CPUS, EngineConfig.defaults().withCallbackBudget(BUDGET));
        // a task that runs 1 ms then sleeps 4 ms (so it wakes up, and CPUs go idle and balance), and a hog
        e.addWorkload(Workload.of("w", TaskSpec.of("sleeper", Step.run(1 * MS), Step.sleep(4 * MS)),
                TaskSpec.of("hog", Step.run(1_000 * MS))));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    private static SchedOps create(PolicyProvider p) {
        return p.create(PolicyConfig.parse(p.name(), p.options(), Map.of()));
    }

    /** After the ejection at the first callback, both tasks run under fair for nearly the whole 100 ms. */
    private static void assertEjectedFromAndTasksContinue(RunResult r, String callback) {
        ExitInfo exit = r.ejection().orElseThrow(() -> new AssertionError("not ejected: " + r.exits()));
        assertEquals(ExitKind.ERROR, exit.kind());
        assertTrue(exit.message().startsWith("ops." + callback + "() ran for "), exit.message());
        assertTrue(exit.message().contains("over its budget of 200 ms"), exit.message());
        assertEquals(2, r.tasks().size(), "no task lost");
        // hog alone on one of two CPUs from the first ms on: at least 90 of 100 ms
        assertTrue(r.task("hog").runtimeNs() >= 90 * MS, "hog ran " + r.task("hog").runtimeNs());
        // sleeper: 1 ms of every 5 ms; at least 15 of its 20 periods
        assertTrue(r.task("sleeper").runtimeNs() >= 15 * MS, "sleeper ran " + r.task("sleeper").runtimeNs());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDispatchSpinningWithoutHelpersIsEjectedWhenInstrumentedAndTasksContinueUnderFair() {
        PolicyProvider p = PolicyRegistry.instrumented(SpinningDispatchProvider.class);
        assertInstanceOf(InstrumentingClassLoader.class, p.getClass().getClassLoader());
        Engine e = engineWithBudget();
        assertEquals(0, e.load(create(p)));
        RunResult r = e.run(Duration.ofMillis(100));
        assertEjectedFromAndTasksContinue(r, "dispatch");
        assertTrue(!e.policyLoaded(), "the policy is gone");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSelectCpuSpinningInsideCatchThrowableCannotSwallowItsEjection() {
        PolicyProvider p = PolicyRegistry.instrumented(SwallowingSelectCpuProvider.class);
        Engine e = engineWithBudget();
        assertEquals(0, e.load(create(p)));
        RunResult r = e.run(Duration.ofMillis(100));
        assertEjectedFromAndTasksContinue(r, "select_cpu");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPluginJarInADirectoryIsDiscoveredInstrumentedAndItsSpinningDispatchEjected(@TempDir Path dir)
            throws IOException {
        Path jar = dir.resolve("spin-plugin.jar");
        writeJar(jar, SpinningDispatchProvider.class, List.of(SpinningDispatchProvider.class.getName(),
                SpinningDispatchProvider.class.getName() + "$SpinningDispatch"));
        Files.writeString(dir.resolve("README.txt"), "not a jar: ignored");

        PolicyRegistry registry = PolicyRegistry.loadPlugins(dir);

        assertEquals(List.of("fair", "spin_dispatch"), registry.names(), "only the jar's provider, beside fair");
        String location = registry.location("spin_dispatch");
        assertTrue(location.startsWith("class path, ") && location.endsWith("spin-plugin.jar"), location);
        SchedOps policy = registry.create("spin_dispatch", Map.of()).orElseThrow();
        assertNotSame(SpinningDispatchProvider.class.getClassLoader(), policy.getClass().getClassLoader());
        Engine e = engineWithBudget();
        assertEquals(0, e.load(policy));
        assertEjectedFromAndTasksContinue(e.run(Duration.ofMillis(100)), "dispatch");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anInitThatNeverLeavesItsLoopFailsTheLoadAndEveryTaskStaysOnFair() {
        Engine e = engineWithBudget();
        // as scx_enable() does after a failed ops.init: the load "succeeds" and the error is in the exit record
        assertEquals(0, e.load(create(PolicyRegistry.instrumented(SpinningInitProvider.class))));
        assertTrue(!e.policyLoaded(), "disabled right away");
        ExitInfo exit = e.lastExit().orElseThrow();
        assertEquals(ExitKind.ERROR, exit.kind());
        assertTrue(exit.message().startsWith("ops.init() ran for "), exit.message());
        RunResult r = e.run(Duration.ofMillis(100));
        assertTrue(r.task("hog").runtimeNs() >= 90 * MS, "hog ran " + r.task("hog").runtimeNs());
    }

    @Test
    void onceAPolicyIsInstrumentedNoOtherSupervisorCanReplaceTheEngines() {
        PolicyRegistry.instrumented(SpinningDispatchProvider.class);
        var ex = assertThrows(IllegalStateException.class, () -> MayGoto.install(() -> {}));
        assertTrue(ex.getMessage().contains("RunawaySupervisor"), ex.getMessage());
    }

    @Test
    void aPluginDirectoryThatDoesNotExistIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");
        var ex = assertThrows(java.io.UncheckedIOException.class, () -> PolicyRegistry.loadPlugins(missing));
        assertTrue(ex.getMessage().startsWith("cannot list plugin directory " + missing), ex.getMessage());
    }

    @Test
    void aProviderInAPackageTheEngineSharesWithPoliciesIsRefused() {
        var ex = assertThrows(IllegalArgumentException.class, () -> PolicyRegistry.instrumented(InCore.class));
        assertTrue(ex.getMessage().contains("package io.scx4j.core is shared"), ex.getMessage());
    }

    /** A provider in io.scx4j.core: never instrumented. */
    public static final class InCore implements PolicyProvider {
        @Override
        public String name() {
            return "in-core";
        }

        @Override
        public String description() {
            return "a provider in a shared package";
        }

        @Override
        public SchedOps create(PolicyConfig config) {
            return () -> "in-core";
        }
    }

    @Test
    void instrumentedSimpleAndCentralRunExactlyAsUninstrumented() {
        for (PolicyProvider plain : List.of(new SimplePolicyProvider(), new CentralPolicyProvider())) {
            PolicyProvider instrumented = PolicyRegistry.instrumented(plain.getClass());
            SchedOps a = create(plain);
            SchedOps b = create(instrumented);
            assertNotSame(a.getClass(), b.getClass(), "the instrumented policy is a copy of the class");
            assertEquals(a.getClass().getName(), b.getClass().getName());
            String expected = digest(run(a));
            String actual = digest(run(b));
            assertEquals(expected, actual, plain.name() + ": instrumented run differs");
            assertTrue(expected.contains("exits=[]"), expected);
            if (plain instanceof CentralPolicyProvider) {
                // CentralPolicy has three loops (over the CPUs twice, over its queue): the copy that ran identically
                // did carry the checks
                var loader = (InstrumentingClassLoader) b.getClass().getClassLoader();
                assertTrue(loader.insertedBackEdges() >= 3, "back-edges " + loader.insertedBackEdges());
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunawayOnOneThreadEjectsOnlyItsOwnEnginesPolicy() throws Exception {
        String alone = digest(run(create(PolicyRegistry.instrumented(CentralPolicyProvider.class))));
        var spinner = new java.util.concurrent.FutureTask<>(() -> {
            Engine e = engineWithBudget();
            e.load(create(PolicyRegistry.instrumented(SpinningDispatchProvider.class)));
            return e.run(Duration.ofMillis(100));
        });
        Thread t = new Thread(spinner, "spinning-engine");
        t.start();
        // meanwhile (the spinner burns its 200 ms budget; the overlap is likely, not enforced), the same instrumented
        // central run as above on this thread: its loops share MayGoto's counter with the spinner's
        String beside = digest(run(create(PolicyRegistry.instrumented(CentralPolicyProvider.class))));
        RunResult spun = spinner.get();
        assertEquals(alone, beside, "the other engine's policy ran undisturbed");
        assertEjectedFromAndTasksContinue(spun, "dispatch");
    }

    private static RunResult run(SchedOps policy) {
        Engine e = new Engine(TopologyPresets.get("flat-4"), EngineConfig.defaults().withSeed(7));
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(TaskSpec.of("sleeper" + i, Step.run((1 + i) * MS / 2), Step.sleep((3 + i) * MS)));
        }
        tasks.add(TaskSpec.of("hog0", Step.run(1_000 * MS)));
        tasks.add(TaskSpec.of("hog1", Step.run(1_000 * MS)));
        e.addWorkload(Workload.of("mix", tasks.toArray(TaskSpec[]::new)));
        e.load(policy);
        return e.run(Duration.ofMillis(300));
    }

    /** Everything a run reports except the histogram objects (compared through their percentiles). */
    private static String digest(RunResult r) {
        String tasks = r.tasks().stream().map(t -> t.comm() + ":" + t.runtimeNs() + "/" + t.waitNs() + "/"
                + t.wakeups() + "/" + t.wakeLatencyP50Ns() + "/" + t.wakeLatencyP99Ns() + "/" + t.wakeLatencyMaxNs()
                + "/" + t.voluntarySwitches() + "/" + t.involuntarySwitches() + "/" + t.migrations() + "/"
                + t.enqueues()).collect(Collectors.joining(" "));
        return r.policy() + " exits=" + r.exits() + " events=" + r.events() + " cpus=" + r.cpus() + " " + tasks;
    }

    /** A jar holding these classes (read from the test class path) and a META-INF/services entry for the first. */
    private static void writeJar(Path jar, Class<? extends PolicyProvider> provider, List<String> classes)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (String cn : classes) {
                String path = cn.replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(path));
                try (InputStream in = provider.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IOException("test class " + path + " not found");
                    }
                    in.transferTo(j);
                }
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("META-INF/services/" + PolicyProvider.class.getName()));
            j.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
    }
}
