package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersTest {
    @TempDir
    Path dir;

    @Test
    void aReaderOfTheFileSeesLabelsAndLiveValues() {
        Path path = dir.resolve("stats.counters");
        try (CountersFile writer = CountersFile.create(path, 8);
             CountersFile reader = CountersFile.openReader(path, Duration.ofSeconds(1))) {
            Counter dispatched = writer.counters().allocate(1, "nr_dispatched");
            Counter kicks = writer.counters().allocate(2, "nr_kicks ✓");
            dispatched.increment();
            dispatched.add(10);
            kicks.incrementRelease();
            Map<String, Long> seen = new LinkedHashMap<>();
            reader.reader().forEach((id, type, label, value) -> seen.put(label, value));
            assertEquals(Map.of("nr_dispatched", 11L, "nr_kicks ✓", 1L), seen);
            int id = reader.reader().find("nr_dispatched");
            assertEquals(dispatched.id(), id);
            assertEquals(1, reader.reader().typeId(id));
            dispatched.set(100);
            assertEquals(100, reader.reader().value(id));
            assertThrows(IllegalStateException.class, reader::counters);
        }
    }

    @Test
    void aFreedCounterDisappearsAndItsRecordIsReusedUnderANewRegistration() {
        Counters counters = Counters.wrap(java.lang.foreign.Arena.ofAuto().allocate(Counters.metadataBytes(2), 128),
                java.lang.foreign.Arena.ofAuto().allocate(Counters.valuesBytes(2), 128));
        Counter a = counters.allocate(0, "a");
        counters.allocate(0, "b");
        assertThrows(IllegalStateException.class, () -> counters.allocate(0, "c"));
        a.add(5);
        a.close();
        List<String> labels = new ArrayList<>();
        counters.reader().forEach((id, type, label, value) -> labels.add(label));
        assertEquals(List.of("b"), labels);
        assertEquals(Counters.RECLAIMED, counters.reader().state(a.id()));
        Counter c = counters.allocate(0, "c");
        assertEquals(a.id(), c.id());
        assertNotEquals(a.registrationId(), c.registrationId());
        assertEquals(0, c.get(), "a reused record starts from zero");
        c.close();
        assertThrows(IllegalStateException.class, () -> counters.free(c.id()), "double free");
    }

    @Test
    void concurrentIncrementsAreNotLostAndProposeMaxKeepsTheMaximum() throws Exception {
        Path path = dir.resolve("c");
        try (CountersFile file = CountersFile.create(path, 4)) {
            Counter c = file.counters().allocate(0, "events");
            Counter max = file.counters().allocate(0, "max");
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        c.increment();
                        max.proposeMax(i * 4L + base);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(400_000, c.get());
            assertEquals(399_999, max.get());
        }
    }

    @Test
    void labelsAreBoundedAndTheStatToolPrintsAFile() {
        Counters counters = Counters.wrap(java.lang.foreign.Arena.ofAuto().allocate(256, 8),
                java.lang.foreign.Arena.ofAuto().allocate(128, 128));
        assertThrows(IllegalArgumentException.class, () -> counters.allocate(0, "x".repeat(237)));
        Path path = dir.resolve("s");
        try (CountersFile file = CountersFile.create(path, 2)) {
            file.counters().allocate(0, "ticks").add(3);
            var out = new java.io.ByteArrayOutputStream();
            var old = System.out;
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                ArenaStat.main(new String[] {path.toString(), "1", "1"});
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                System.setOut(old);
            }
            assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("3 - ticks"), out::toString);
        }
    }
}
