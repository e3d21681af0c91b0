package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A mutual-exclusion lock in one word of shared memory, across threads and processes, that never
 * spins forever: every acquisition has a timeout, and the owner's process id is recorded so a
 * crashed holder can be detected and broken.
 *
 * <p>Anchors: scx's arena spinlock ({@code bpf_arena_spin_lock.h}, a qspinlock whose acquisition
 * is bounded and can fail with {@code -ETIMEDOUT}, which callers must check); Chronicle Map's
 * segment locks (time-limited); Chronicle Queue's PID-tagged {@code TableStoreWriteLock}, which
 * can be overridden once its holder is gone. This lock is a test-and-set lock with back-off
 * (spin, then yield, then park for microseconds): fine for the short critical sections it is
 * meant for, not fair.
 *
 * <h2>Memory layout</h2>
 * <pre>
 *      0  8 owner        0 = unlocked, else (pid &lt;&lt; 32 | threadId &amp; 0xffffffff), set by CAS
 *      8  8 acquiredAt   System.nanoTime() of the owner when acquired (diagnostics, same host)
 * </pre>
 * The word must be 8-byte aligned; put it on its own cache line if it is contended.
 *
 * <p>Not reentrant: locking again from the owning thread throws {@link IllegalStateException}.
 */
public final class ArenaLock {
    /** Bytes a lock occupies. */
    public static final int BYTES = 16;

    private static final long OWNER = 0;
    private static final long ACQUIRED_AT = 8;
    private static final int SPINS = 128;
    private static final int YIELDS = 16;
    private static final long PID = Mem.pid();

    private final MemorySegment s;

    private ArenaLock(MemorySegment segment) {
        this.s = segment;
    }

    /** A lock over {@code segment}'s first {@value #BYTES} bytes (8-byte aligned). */
    public static ArenaLock wrap(MemorySegment segment) {
        Mem.requireAligned(segment, 0, 8, "arena lock");
        Mem.requireSize(segment, BYTES, "arena lock");
        return new ArenaLock(segment);
    }

    /** An unlocked lock in its own native memory. */
    public static ArenaLock create() {
        return new ArenaLock(Arena.ofAuto().allocate(128, 128));
    }

    private static long me() {
        return PID << 32 | (Thread.currentThread().threadId() & 0xffffffffL);
    }

    /** Acquires the lock if it is free right now. */
    public boolean tryLock() {
        long me = me();
        long owner = (long) Mem.LONG.getVolatile(s, OWNER);
        if (owner == me) {
            throw new IllegalStateException("arena lock is not reentrant: already held by this thread");
        }
        if (owner == 0 && Mem.LONG.compareAndSet(s, OWNER, 0L, me)) {
            Mem.LONG.setOpaque(s, ACQUIRED_AT, System.nanoTime());
            return true;
        }
        return false;
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @return whether it was acquired
     */
    public boolean tryLock(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        while (!tryLock()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (attempt < SPINS) {
                Thread.onSpinWait();
            } else if (attempt < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(50_000, 1_000L << Math.min(6, attempt - SPINS - YIELDS)));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            attempt++;
        }
        return true;
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException naming the owner's pid (and whether it is alive) on timeout
     */
    public void lock(Duration timeout) {
        if (!tryLock(timeout)) {
            long pid = ownerPid();
            throw new LockTimeoutException("arena lock not acquired within " + timeout + ": held by pid "
                    + pid + (pid == 0 ? " (released meanwhile)" : Mem.isAlive(pid) ? " (alive)" : " (dead)"));
        }
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    public void unlock() {
        if (!Mem.LONG.compareAndSet(s, OWNER, me(), 0L)) {
            throw new IllegalMonitorStateException("arena lock is not held by this thread (owner pid "
                    + ownerPid() + ")");
        }
    }

    /** Whether some thread of some process holds the lock. */
    public boolean isLocked() {
        return (long) Mem.LONG.getVolatile(s, OWNER) != 0;
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return (long) Mem.LONG.getVolatile(s, OWNER) == me();
    }

    /** Process id of the holder, 0 if unlocked. */
    public long ownerPid() {
        return (long) Mem.LONG.getVolatile(s, OWNER) >>> 32;
    }

    /**
     * Breaks the lock if its holder's process no longer exists (recovery after a crash).
     *
     * @return whether the lock was broken
     */
    public boolean breakIfOwnerDead() {
        long owner = (long) Mem.LONG.getVolatile(s, OWNER);
        if (owner == 0 || Mem.isAlive(owner >>> 32)) {
            return false;
        }
        return Mem.LONG.compareAndSet(s, OWNER, owner, 0L);
    }

    /** The segment holding the lock word. */
    public MemorySegment segment() {
        return s;
    }
}
