package io.scx4j.bench;

import io.scx4j.arena.CpuBitmap;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Claim an idle CPU and give it back, on a 256-CPU idle mask with 16 idle CPUs spread out, each
 * pick starting from a rotating CPU (as wake-ups on different CPUs would): the lock-free
 * {@link CpuBitmap#pickAny(int)} + {@link CpuBitmap#release(int)} against a {@link BitSet} guarded
 * by {@code synchronized} and by a {@link ReentrantLock}. Single thread (the uncontended cost).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class CpuBitmapBenchmark {
    static final int NR_CPUS = 256;

    CpuBitmap bitmap;
    BitSet bitSet;
    final Object monitor = new Object();
    final ReentrantLock lock = new ReentrantLock();
    int from;

    @Setup
    public void setup() {
        bitmap = CpuBitmap.create(NR_CPUS);
        bitSet = new BitSet(NR_CPUS);
        for (int cpu = 5; cpu < NR_CPUS; cpu += 16) {
            bitmap.set(cpu);
            bitSet.set(cpu);
        }
    }

    private int nextFrom() {
        return from = (from + 37) & (NR_CPUS - 1);
    }

    @Benchmark
    public int bitmapPickRelease() {
        int cpu = bitmap.pickAny(nextFrom());
        bitmap.release(cpu);
        return cpu;
    }

    private static int pick(BitSet set, int from) {
        int cpu = set.nextSetBit(from);
        if (cpu < 0) {
            cpu = set.nextSetBit(0);
        }
        if (cpu >= 0) {
            set.clear(cpu);
        }
        return cpu;
    }

    @Benchmark
    public int bitSetSynchronizedPickRelease() {
        int f = nextFrom();
        int cpu;
        synchronized (monitor) {
            cpu = pick(bitSet, f);
        }
        synchronized (monitor) {
            bitSet.set(cpu);
        }
        return cpu;
    }

    @Benchmark
    public int bitSetReentrantLockPickRelease() {
        int f = nextFrom();
        int cpu;
        lock.lock();
        try {
            cpu = pick(bitSet, f);
        } finally {
            lock.unlock();
        }
        lock.lock();
        try {
            bitSet.set(cpu);
        } finally {
            lock.unlock();
        }
        return cpu;
    }
}
