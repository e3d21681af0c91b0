package io.scx4j.bench;

import io.scx4j.arena.Counter;
import io.scx4j.arena.CountersFile;
import io.scx4j.arena.CountersReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counters in a mapped file: update by the writer and read through a second, read-only mapping of
 * the same file (what another process does), against an on-heap {@link AtomicLong}. Target: reads
 * by another process ≥ 1 M/s (≤ 1000 ns per read).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class CountersBenchmark {
    Path path;
    CountersFile writer;
    CountersFile reader;
    Counter counter;
    CountersReader view;
    int id;
    final AtomicLong atomic = new AtomicLong();

    @Setup
    public void setup() throws IOException {
        path = Files.createTempFile("scx-bench", ".counters");
        writer = CountersFile.create(path, 16);
        counter = writer.counters().allocate(1, "events");
        reader = CountersFile.openReader(path, Duration.ofSeconds(1));
        view = reader.reader();
        id = counter.id();
    }

    @TearDown
    public void tearDown() throws IOException {
        reader.close();
        writer.close();
        Files.deleteIfExists(path);
    }

    @Benchmark
    public long counterIncrementAtomic() {
        return counter.increment();
    }

    @Benchmark
    public void counterIncrementSingleWriter() {
        counter.incrementRelease();
    }

    @Benchmark
    public long baselineAtomicLongIncrement() {
        return atomic.getAndIncrement();
    }

    @Benchmark
    public long readerValueFromSecondMapping() {
        return view.value(id);
    }

    @Benchmark
    public long baselineAtomicLongGet() {
        return atomic.get();
    }
}
