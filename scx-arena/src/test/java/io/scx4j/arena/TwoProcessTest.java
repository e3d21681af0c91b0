package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ({@link ArenaChild}) writes counters and ring messages into a mapped file; this JVM
 * maps the same file and reads them live. The second test kills the writer in the middle of its
 * work and checks that what the reader sees stays consistent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoProcessTest {
    @TempDir
    Path dir;

    static Process launch(Path file, String mode, Path log) throws IOException {
        String javaCmd = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path base = Path.of(System.getProperty("user.dir"), "target");
        String classpath = base.resolve("classes") + File.pathSeparator + base.resolve("test-classes");
        return new ProcessBuilder(javaCmd, "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, ArenaChild.class.getName(), file.toString(), mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Checks one message's self-describing payload and returns its sequence number. */
    static long check(int type, MemorySegment buffer, long offset, int length) {
        assertEquals(1, type);
        long seq = buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        assertEquals(ArenaChild.payloadLength(seq), length, "length of message " + seq);
        for (int i = 8; i < length; i++) {
            if (buffer.get(ValueLayout.JAVA_BYTE, offset + i) != ArenaChild.payloadByte(seq, i)) {
                throw new AssertionError("message " + seq + " is corrupt at byte " + i);
            }
        }
        return seq;
    }

    @Test
    void aReaderProcessSeesTheWritersCountersAndMessagesLive() throws Exception {
        Path path = dir.resolve("live.arena");
        Path log = dir.resolve("child.log");
        long total = 200_000;
        Process child = launch(path, String.valueOf(total), log);
        try (ArenaFile file = ArenaFile.open(path, ArenaChild.LAYOUT_VERSION, Duration.ofSeconds(20))) {
            assertEquals(child.pid(), file.writerPid());
            CountersReader counters = new CountersReader(file.region(0), file.region(1));
            MpscRing ring = MpscRing.wrap(file.region(2));
            int sentId = counters.find("messages_sent");
            assertTrue(sentId >= 0);

            long[] next = {0};
            long distinctLiveValues = 0;
            long lastSeen = -1;
            long reads = 0;
            long readNanos = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (next[0] < total) {
                assertTrue(System.nanoTime() < deadline, "timed out at message " + next[0] + "; " + Files.readString(log));
                ring.read((type, b, o, l) -> {
                    long seq = check(type, b, o, l);
                    assertEquals(next[0], seq, "messages arrive in order, none lost");
                    next[0]++;
                });
                if (child.isAlive()) {
                    long t0 = System.nanoTime();
                    long v = 0;
                    for (int i = 0; i < 10_000; i++) {
                        v = counters.value(sentId);
                    }
                    readNanos += System.nanoTime() - t0;
                    reads += 10_000;
                    if (v > lastSeen) {
                        distinctLiveValues++;
                        lastSeen = v;
                    }
                }
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exits");
            assertEquals(0, child.exitValue(), Files.readString(log));
            assertEquals(total, counters.value(sentId));
            assertTrue(distinctLiveValues >= 2, "saw the counter move while the writer ran: " + distinctLiveValues);
            double readsPerSecond = reads * 1e9 / Math.max(1, readNanos);
            System.out.printf("two-process: %d messages; counter read by another process: %.1f M reads/s%n",
                    total, readsPerSecond / 1e6);
            assertTrue(readsPerSecond >= 1_000_000, "counter reads/s " + readsPerSecond);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aWriterKilledMidWriteLeavesReadersConsistent() throws Exception {
        Path path = dir.resolve("crash.arena");
        Process child = launch(path, "forever", dir.resolve("crash.log"));
        try (ArenaFile file = ArenaFile.open(path, ArenaChild.LAYOUT_VERSION, Duration.ofSeconds(20))) {
            CountersReader counters = new CountersReader(file.region(0), file.region(1));
            MpscRing ring = MpscRing.wrap(file.region(2));
            ArenaLock lock = ArenaLock.wrap(file.region(3));
            int sentId = counters.find("messages_sent");
            assertEquals(child.pid(), lock.ownerPid());
            assertFalse(lock.tryLock(Duration.ofMillis(20)), "the live writer holds the lock");
            assertFalse(lock.breakIfOwnerDead());

            long[] next = {0};
            MessageHandler verify = (type, b, o, l) -> {
                assertEquals(next[0], check(type, b, o, l));
                next[0]++;
            };
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (next[0] < 50_000 && System.nanoTime() < deadline) {
                ring.read(verify);
            }
            assertTrue(next[0] >= 50_000, "writer made progress");
            child.destroyForcibly(); // SIGKILL, wherever the writer is
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));

            // drain: a claim the dead writer never committed blocks the ring; unblock skips it
            int unblocked = 0;
            while (true) {
                ring.read(verify);
                if (ring.size() == 0) {
                    break;
                }
                assertTrue(ring.unblock(), "a stuck ring can be unblocked");
                unblocked++;
                assertTrue(unblocked <= 2, "at most the one claim in progress is skipped");
            }
            long sent = counters.value(sentId);
            assertTrue(next[0] == sent || next[0] == sent + 1,
                    "received " + next[0] + " committed messages, counter says " + sent);
            assertEquals("messages_sent", counters.label(sentId), "metadata intact");
            assertFalse(file.isWriterAlive(Duration.ofMinutes(1)));
            assertTrue(lock.breakIfOwnerDead(), "the dead writer's lock can be broken");
            assertTrue(lock.tryLock(Duration.ofMillis(100)));
            lock.unlock();
        } finally {
            child.destroyForcibly();
        }
    }
}
