package io.scx4j.bench;

import io.scx4j.arena.VtimeQueue;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The vtime queue against {@link PriorityQueue} and {@link TreeSet} holding {@code n} queued
 * tasks in steady state. {@code popInsert}: pop the minimum and queue it again at a later vtime
 * (a CPU dispatching and the task coming back). {@code removeInsert}: take an arbitrary queued
 * task out and queue it again (dequeue of a task that changed class, moved, or was stolen).
 * Baseline entries are preallocated and mutated, so PriorityQueue allocates nothing either;
 * TreeSet allocates a tree node per insert. Target: within 1.5× of PriorityQueue, 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class VtimeQueueBenchmark {
    /** A baseline queue entry: mutable key, like a task's dsq_vtime. */
    public static final class Entry {
        final int id;
        long vtime;
        long seq;

        Entry(int id) {
            this.id = id;
        }
    }

    static final Comparator<Entry> ORDER = (a, b) -> {
        long d = a.vtime - b.vtime;
        return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(a.seq, b.seq);
    };

    @Param({"1024"})
    int n;

    VtimeQueue queue;
    PriorityQueue<Entry> pq;
    TreeSet<Entry> tree;
    Entry[] entries;
    int[] randomIds;
    long[] deltas;
    int cursor;
    long seq;
    long now;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        queue = VtimeQueue.create(n);
        pq = new PriorityQueue<>(n, ORDER);
        tree = new TreeSet<>(ORDER);
        entries = new Entry[n];
        for (int id = 0; id < n; id++) {
            long vtime = random.nextLong(1_000_000);
            entries[id] = new Entry(id);
            entries[id].vtime = vtime;
            entries[id].seq = seq++;
            queue.insert(id, vtime);
            pq.add(entries[id]);
            tree.add(entries[id]);
        }
        randomIds = new int[4096];
        deltas = new long[4096];
        for (int i = 0; i < randomIds.length; i++) {
            randomIds[i] = random.nextInt(n);
            deltas[i] = random.nextLong(1_000_000);
        }
    }

    private int next() {
        return cursor = (cursor + 1) & 4095;
    }

    @Benchmark
    public int vtimeQueuePopInsert() {
        int i = next();
        long vtime = queue.peekVtime() + deltas[i];
        int id = queue.popMin();
        queue.insert(id, vtime);
        return id;
    }

    @Benchmark
    public int priorityQueuePopInsert() {
        int i = next();
        Entry e = pq.poll();
        e.vtime += deltas[i];
        e.seq = seq++;
        pq.add(e);
        return e.id;
    }

    @Benchmark
    public int treeSetPopInsert() {
        int i = next();
        Entry e = tree.pollFirst();
        e.vtime += deltas[i];
        e.seq = seq++;
        tree.add(e);
        return e.id;
    }

    @Benchmark
    public boolean vtimeQueueRemoveInsert() {
        int i = next();
        int id = randomIds[i];
        long vtime = queue.vtimeOf(id) + deltas[i];
        boolean removed = queue.remove(id);
        queue.insert(id, vtime);
        return removed;
    }

    @Benchmark
    public boolean priorityQueueRemoveInsert() {
        int i = next();
        Entry e = entries[randomIds[i]];
        boolean removed = pq.remove(e); // O(n) scan: PriorityQueue has no index
        e.vtime += deltas[i];
        e.seq = seq++;
        pq.add(e);
        return removed;
    }

    @Benchmark
    public boolean treeSetRemoveInsert() {
        int i = next();
        Entry e = entries[randomIds[i]];
        boolean removed = tree.remove(e);
        e.vtime += deltas[i];
        e.seq = seq++;
        tree.add(e);
        return removed;
    }
}
