package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.arena.internal.Mem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArenaLockTest {
    @Test
    void lockUnlockAndOwnership() {
        ArenaLock lock = ArenaLock.create();
        assertTrue(lock.tryLock());
        assertTrue(lock.isHeldByCurrentThread());
        assertEquals(ProcessHandle.current().pid(), lock.ownerPid());
        assertThrows(IllegalStateException.class, lock::tryLock, "not reentrant");
        lock.unlock();
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void waitingForAHeldLockTimesOutInsteadOfSpinningForever() throws Exception {
        ArenaLock lock = ArenaLock.create();
        Thread holder = Thread.ofPlatform().start(lock::tryLock);
        holder.join();
        long start = System.nanoTime();
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.lock(Duration.ofMillis(50)));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 45 && waitedMs < 2_000, "waited " + waitedMs + " ms");
        assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        assertFalse(lock.breakIfOwnerDead(), "the owner process is alive");
    }

    @Test
    void aLockHeldByADeadProcessCanBeBroken() {
        ArenaLock lock = ArenaLock.create();
        long deadPid = 0x7fff_fff0L; // above any Linux pid_max (2^22)
        Mem.LONG.set(lock.segment(), 0L, deadPid << 32 | 1);
        assertFalse(lock.tryLock());
        assertTrue(lock.breakIfOwnerDead());
        assertTrue(lock.tryLock(Duration.ofMillis(10)));
    }

    @Test
    void threadsExcludeEachOther() throws Exception {
        ArenaLock lock = ArenaLock.create();
        long[] counter = {0};
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    lock.lock(Duration.ofSeconds(10));
                    try {
                        counter[0]++; // plain increment: only correct under mutual exclusion
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(80_000, counter[0]);
    }
}
