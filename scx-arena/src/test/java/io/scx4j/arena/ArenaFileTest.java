package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArenaFileTest {
    @TempDir
    Path dir;

    @Test
    void aReaderSeesTheRegionsAndHeaderTheWriterPublished() {
        Path path = dir.resolve("a.arena");
        try (ArenaFile writer = ArenaFile.create(path, 7, 100, 4096)) {
            writer.region(0).set(ValueLayout.JAVA_LONG, 0, 42L);
            writer.region(1).set(ValueLayout.JAVA_LONG, 4088, 43L);
            assertFalse(writer.isPublished());
            writer.publish();
            try (ArenaFile reader = ArenaFile.open(path, 7, Duration.ofSeconds(1))) {
                assertEquals(2, reader.regionCount());
                assertEquals(100, reader.region(0).byteSize());
                assertEquals(42L, reader.region(0).get(ValueLayout.JAVA_LONG, 0));
                assertEquals(43L, reader.region(1).get(ValueLayout.JAVA_LONG, 4088));
                assertEquals(ProcessHandle.current().pid(), reader.writerPid());
                assertTrue(reader.isWriterAlive(Duration.ofMinutes(1)));
                assertEquals(0, reader.region(1).address() % ArenaFile.REGION_ALIGNMENT);
                // the reader's mapping is the same memory: a later write shows up
                writer.region(0).set(ValueLayout.JAVA_LONG, 8, 99L);
                assertEquals(99L, reader.region(0).get(ValueLayout.JAVA_LONG, 8));
            }
        }
    }

    @Test
    void aLayoutVersionMismatchIsRefused() {
        Path path = dir.resolve("v.arena");
        try (ArenaFile writer = ArenaFile.create(path, 2, 64)) {
            writer.publish();
            ArenaFormatException e = assertThrows(ArenaFormatException.class,
                    () -> ArenaFile.open(path, 3, Duration.ZERO));
            assertTrue(e.getMessage().contains("file has 2, reader expects 3"), e.getMessage());
        }
    }

    @Test
    void anUnpublishedFileIsNotOpenedAfterTheWait() {
        Path path = dir.resolve("u.arena");
        try (ArenaFile _ = ArenaFile.create(path, 1, 64)) {
            assertThrows(ArenaFormatException.class, () -> ArenaFile.open(path, 1, Duration.ofMillis(20)));
        }
    }

    @Test
    void aFileThatIsNotAnArenaIsRefused() throws Exception {
        Path path = dir.resolve("junk");
        byte[] junk = new byte[512];
        junk[8] = 1; // a non-zero "version"
        Files.write(path, junk);
        ArenaFormatException e = assertThrows(ArenaFormatException.class,
                () -> ArenaFile.open(path, 1, Duration.ZERO));
        assertTrue(e.getMessage().contains("not an scx4j arena file"), e.getMessage());
    }

    @Test
    void heartbeatMovesForward() throws Exception {
        try (ArenaFile f = ArenaFile.create(dir.resolve("h"), 1, 8)) {
            long first = f.heartbeatMillis();
            Thread.sleep(5);
            f.heartbeat();
            assertTrue(f.heartbeatMillis() > first);
        }
    }

    @Test
    void bumpAllocatorAlignsAndRefusesOverflow() {
        try (Region region = Region.allocateNative(1024)) {
            BumpAllocator bump = region.bumpAllocator();
            assertEquals(0, bump.allocate(3, 1));
            long a = bump.allocate(8, 64);
            assertEquals(0, (region.segment().address() + a) % 64);
            assertEquals(a + 8, bump.used());
            assertThrows(IllegalStateException.class, () -> bump.allocate(2000, 8));
            assertEquals(a + 8, bump.used(), "a failed allocation reserves nothing");
            MemorySegment block = bump.allocateSegment(16, 8);
            Mem.LONG.set(block, 8L, 5L);
            assertEquals(16, block.byteSize());
        }
    }
}
