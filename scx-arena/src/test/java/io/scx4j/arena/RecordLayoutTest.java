package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordLayoutTest {
    static final RecordLayout TASK = RecordLayout.builder("task_ctx")
            .i32("flags").i64("vtime").i32("weight").f64("load").bytes("comm", 16).build();

    @Test
    void fieldsAreNaturallyAlignedInDeclarationOrderAndTheSizeIsAMultipleOf8() {
        assertEquals(0, TASK.offsetOf("flags"));
        assertEquals(8, TASK.offsetOf("vtime"));
        assertEquals(16, TASK.offsetOf("weight"));
        assertEquals(24, TASK.offsetOf("load"));
        assertEquals(32, TASK.offsetOf("comm"));
        assertEquals(48, TASK.byteSize());
        assertEquals(48, TASK.layout().byteSize());
        assertTrue(TASK.describe().contains("vtime"));
    }

    @Test
    void fieldsOfTheWrongKindOrNameAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TASK.longField("flags"));
        assertThrows(IllegalArgumentException.class, () -> TASK.intField("nope"));
        assertThrows(IllegalArgumentException.class,
                () -> RecordLayout.builder("x").i32("a").i64("a"));
    }

    @Test
    void perTaskTablesPackRecordsAndPerCpuTablesPadThemToTwoCacheLines() {
        ContextTable tasks = ContextTable.perTask(TASK, 100);
        ContextTable cpus = ContextTable.perCpu(TASK, 8);
        assertEquals(48, tasks.stride());
        assertEquals(128, cpus.stride());
        assertEquals(0, cpus.segment().address() % 128);
        LongField vtime = TASK.longField("vtime");
        IntField flags = TASK.intField("flags");
        DoubleField load = TASK.doubleField("load");
        tasks.set(42, vtime, 1_000);
        tasks.set(42, flags, 3);
        cpus.set(7, load, 0.5);
        assertEquals(1_000, tasks.get(42, vtime));
        assertEquals(3, tasks.get(42, flags));
        assertEquals(0, tasks.get(41, vtime));
        assertEquals(0.5, cpus.get(7, load));
        assertEquals(3, flags.getAndBitwiseOr(tasks.segment(), tasks.offset(42), 4));
        assertEquals(7, tasks.get(42, flags));
        assertTrue(vtime.compareAndSet(tasks.segment(), tasks.offset(42), 1_000, 2_000));
        tasks.clear(42);
        assertEquals(0, tasks.get(42, vtime));
        assertThrows(IndexOutOfBoundsException.class, () -> tasks.offset(100));
        assertThrows(IndexOutOfBoundsException.class, () -> cpus.offset(-1));
    }
}
