package io.scx4j.bench;

import io.scx4j.arena.MessageHandler;
import io.scx4j.arena.MpscRing;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The MPSC ring against {@link ConcurrentLinkedQueue}, {@link ArrayBlockingQueue} and Agrona's
 * {@link ManyToOneRingBuffer}, 8-byte messages. {@code *RoundTrip}: one thread offers one message
 * and takes it back (the uncontended cost of a hand-off). {@code *1P1C} groups: one producer
 * thread and one consumer thread; the score is the time per operation of each side.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class MpscRingBenchmark {
    static final int CAPACITY = 64 * 1024;
    static final Long ONE = 1L;

    MpscRing ring;
    ManyToOneRingBuffer agrona;
    UnsafeBuffer agronaSrc;
    ConcurrentLinkedQueue<Long> clq;
    ArrayBlockingQueue<Long> abq;
    long sum;
    MessageHandler ringHandler;
    org.agrona.concurrent.MessageHandler agronaHandler;

    @Setup
    public void setup() {
        ring = MpscRing.create(CAPACITY);
        agrona = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
        agronaSrc = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
        clq = new ConcurrentLinkedQueue<>();
        abq = new ArrayBlockingQueue<>(CAPACITY / 16);
        ringHandler = (type, buffer, offset, length) -> sum += buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        agronaHandler = (type, buffer, index, length) -> sum += buffer.getLong(index);
    }

    // ---- one thread: offer one, take one ----

    @Benchmark
    @Group("ringRoundTrip")
    public int ringRoundTrip() {
        ring.writeLong(1, 7);
        return ring.read(ringHandler, 1);
    }

    @Benchmark
    @Group("agronaRoundTrip")
    public int agronaRoundTrip() {
        agronaSrc.putLong(0, 7);
        agrona.write(1, agronaSrc, 0, 8);
        return agrona.read(agronaHandler, 1);
    }

    @Benchmark
    @Group("clqRoundTrip")
    public Long clqRoundTrip() {
        clq.offer(ONE);
        return clq.poll();
    }

    @Benchmark
    @Group("abqRoundTrip")
    public Long abqRoundTrip() {
        abq.offer(ONE);
        return abq.poll();
    }

    // ---- one producer thread, one consumer thread ----

    @Benchmark
    @Group("ring1P1C")
    @GroupThreads(1)
    public boolean ringOffer() {
        return ring.writeLong(1, 7);
    }

    @Benchmark
    @Group("ring1P1C")
    @GroupThreads(1)
    public int ringPoll() {
        return ring.read(ringHandler, 1);
    }

    @Benchmark
    @Group("agrona1P1C")
    @GroupThreads(1)
    public boolean agronaOffer() {
        agronaSrc.putLong(0, 7);
        return agrona.write(1, agronaSrc, 0, 8);
    }

    @Benchmark
    @Group("agrona1P1C")
    @GroupThreads(1)
    public int agronaPoll() {
        return agrona.read(agronaHandler, 1);
    }

    @Benchmark
    @Group("clq1P1C")
    @GroupThreads(1)
    public boolean clqOffer() {
        // unbounded: keep it from growing without limit when the consumer lags
        return clq.size() < 4096 ? clq.offer(ONE) : false;
    }

    @Benchmark
    @Group("clq1P1C")
    @GroupThreads(1)
    public Long clqPoll() {
        return clq.poll();
    }

    @Benchmark
    @Group("abq1P1C")
    @GroupThreads(1)
    public boolean abqOffer() {
        return abq.offer(ONE);
    }

    @Benchmark
    @Group("abq1P1C")
    @GroupThreads(1)
    public Long abqPoll() {
        return abq.poll();
    }
}
