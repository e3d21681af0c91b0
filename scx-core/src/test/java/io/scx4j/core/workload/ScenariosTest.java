package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in scenarios build on small and large machines with the task groups their Javadoc promises. */
class ScenariosTest {

    static final Topology FLAT8 = TopologyPresets.get("flat-8");
    /** 8 P cores with SMT + 8 E cores: 24 CPUs. */
    static final Topology HYBRID = TopologyPresets.get("intel-hybrid-8p8e");

    static Map<String, Integer> groups(Workload w) {
        Map<String, Integer> out = new TreeMap<>();
        for (TaskSpec t : w.tasks()) {
            out.merge(t.group(), 1, Integer::sum);
        }
        return out;
    }

    static Stream<Arguments> expectedGroups() {
        return Stream.of(
                // game threads: clamp(cpus / 4, 1, 4); one compile job per CPU
                Arguments.of("gaming", FLAT8, Map.of("render", 1, "game", 2, "audio", 1, "compositor", 1, "compile", 8)),
                Arguments.of("gaming", HYBRID, Map.of("render", 1, "game", 4, "audio", 1, "compositor", 1,
                        "compile", 24)),
                // one message thread per node (both machines have one), one worker per CPU
                Arguments.of("schbench", FLAT8, Map.of("message", 1, "worker", 8)),
                Arguments.of("schbench", HYBRID, Map.of("message", 1, "worker", 24)),
                // ceil(cpus / 8) groups of 20 + 20
                Arguments.of("hackbench", FLAT8, Map.of("sender", 20, "receiver", 20)),
                Arguments.of("hackbench", HYBRID, Map.of("sender", 60, "receiver", 60)),
                // cpus / 2 ranks, a loader each
                Arguments.of("ai-training", FLAT8, Map.of("rank", 4, "loader", 4)),
                Arguments.of("ai-training", HYBRID, Map.of("rank", 12, "loader", 12)),
                // cpus / 2 RPC handlers, a batch job per CPU
                Arguments.of("mixed-server", FLAT8, Map.of("rpc", 4, "batch", 8)),
                Arguments.of("mixed-server", HYBRID, Map.of("rpc", 12, "batch", 24)),
                // cpus / 8 chains of source, 2 stages, sink; a hog per CPU
                Arguments.of("rt-pipeline", FLAT8, Map.of("source", 1, "stage", 2, "sink", 1, "noise", 8)),
                Arguments.of("rt-pipeline", HYBRID, Map.of("source", 3, "stage", 6, "sink", 3, "noise", 24)),
                // one batch and one interactive task per CPU, two render loops
                Arguments.of("cpu-mix", FLAT8, Map.of("batch", 8, "interactive", 8, "render", 2)),
                Arguments.of("cpu-mix", HYBRID, Map.of("batch", 24, "interactive", 24, "render", 2)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("expectedGroups")
    void buildsTheExpectedTaskGroups(String name, Topology topology, Map<String, Integer> expected) {
        Workload w = Scenarios.find(name).orElseThrow().workload(topology);

        assertEquals(new TreeMap<>(expected), groups(w));
        assertEquals(name, w.name());
    }

    @Test
    void everyScenarioIsCoveredAndFoundByName() {
        List<String> names = Scenarios.all().stream().map(Scenario::name).toList();
        assertEquals(List.of("gaming", "schbench", "hackbench", "ai-training", "mixed-server", "rt-pipeline", "cpu-mix"),
                names);
        Set<String> tested = new HashSet<>();
        expectedGroups().forEach(a -> tested.add((String) a.get()[0]));
        assertEquals(Set.copyOf(names), tested);
        assertEquals(Optional.empty(), Scenarios.find("fortnite"));
        for (Scenario s : Scenarios.all()) {
            assertTrue(s.models().length() > 40, s.name() + " says what it models");
            assertTrue(s.question().endsWith("?"), s.name() + " asks a question");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void isWellFormedAndDeterministicOnBothMachines(String name) {
        for (Topology t : List.of(FLAT8, HYBRID)) {
            Scenario s = Scenarios.find(name).orElseThrow();
            Workload w = s.workload(t);
            assertEquals(w, s.workload(t), "the same machine gives the same workload");

            Set<String> comms = new HashSet<>();
            for (TaskSpec task : w.tasks()) {
                assertTrue(comms.add(task.comm()), "comm " + task.comm() + " is unique");
            }
            // every resume names a task, every barrier counts exactly the tasks that reach it, every semaphore
            // waited on is posted by someone, every pipe read is written by someone
            Map<String, Integer> barrierUsers = new HashMap<>();
            Map<String, Integer> barrierParties = new HashMap<>();
            Set<String> posted = new HashSet<>();
            Set<String> waited = new HashSet<>();
            Set<String> written = new HashSet<>();
            Set<String> read = new HashSet<>();
            for (TaskSpec task : w.tasks()) {
                Set<String> reached = new HashSet<>();
                for (Step step : flatten(task.program())) {
                    switch (step) {
                        case Step.Resume r -> assertTrue(w.tasks().stream().anyMatch(o -> o.comm().equals(r.task())
                                || o.group().equals(r.task())), name + ": resume of " + r.task());
                        case Step.Barrier b -> {
                            barrierParties.put(b.name(), b.parties());
                            if (reached.add(b.name())) {
                                barrierUsers.merge(b.name(), 1, Integer::sum);
                            }
                        }
                        case Step.SemPost p -> posted.add(p.name());
                        case Step.SemWait p -> waited.add(p.name());
                        case Step.PipeWrite p -> written.add(p.pipe());
                        case Step.PipeRead p -> read.add(p.pipe());
                        default -> {
                        }
                    }
                }
            }
            assertEquals(barrierUsers, barrierParties, name + " on " + t.name());
            assertTrue(posted.containsAll(waited), name + ": semaphores " + waited + " posted " + posted);
            assertTrue(written.containsAll(read), name + ": pipes " + read + " written " + written);
        }
    }

    static Stream<String> names() {
        return Scenarios.all().stream().map(Scenario::name);
    }

    static List<Step> flatten(List<Step> program) {
        List<Step> out = new ArrayList<>();
        for (Step s : program) {
            out.add(s);
            if (s instanceof Step.Loop l) {
                out.addAll(flatten(l.body()));
            } else if (s instanceof Step.Phase p) {
                out.addAll(flatten(p.body()));
            }
        }
        return out;
    }
}
