package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The queue against java.util models under random operation sequences. */
class VtimeQueuePropertyTest {
    record Entry(int id, long vtime, long seq) {}

    static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::vtime).thenComparingLong(Entry::seq);

    /** Op codes: 0-3 insert id at a small vtime (ties likely), 4-5 popMin, 6-7 remove id, 8 peek. */
    @Property(tries = 300)
    void vtimeModeMatchesAPriorityQueue(@ForAll @Size(max = 400) List<@IntRange(max = 8) Integer> ops,
                                        @ForAll @Size(min = 400, max = 400) List<@IntRange(max = 63) Integer> args) {
        int maxIds = 32;
        VtimeQueue q = VtimeQueue.create(maxIds);
        PriorityQueue<Entry> model = new PriorityQueue<>(ORDER);
        Entry[] byId = new Entry[maxIds];
        long seq = 0;
        for (int i = 0; i < ops.size(); i++) {
            int op = ops.get(i);
            int arg = args.get(i);
            int id = arg % maxIds;
            switch (op) {
                case 0, 1, 2, 3 -> {
                    if (byId[id] == null) {
                        long vtime = arg * 7L % 20;
                        q.insert(id, vtime);
                        byId[id] = new Entry(id, vtime, seq++);
                        model.add(byId[id]);
                    }
                }
                case 4, 5 -> {
                    Entry min = model.poll();
                    assertEquals(min == null ? -1 : min.id(), q.popMin());
                    if (min != null) {
                        byId[min.id()] = null;
                    }
                }
                case 6, 7 -> {
                    boolean present = byId[id] != null;
                    assertEquals(present, q.remove(id));
                    if (present) {
                        model.remove(byId[id]);
                        byId[id] = null;
                    }
                }
                default -> {
                    Entry min = model.peek();
                    assertEquals(min == null ? -1 : min.id(), q.peekId());
                    if (min != null) {
                        assertEquals(min.vtime(), q.peekVtime());
                    }
                }
            }
            assertEquals(model.size(), q.size());
            assertEquals(byId[id] != null, q.contains(id));
        }
        int[] expected = model.stream().sorted(ORDER).mapToInt(Entry::id).toArray();
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(q.toSortedArray()));
    }

    @Property(tries = 200)
    void fifoModeMatchesAnArrayDeque(@ForAll @Size(max = 300) List<@IntRange(max = 15) Integer> ids,
                                     @ForAll @Size(max = 300) List<@IntRange(max = 2) Integer> ops) {
        VtimeQueue q = VtimeQueue.create(16, VtimeQueue.Mode.FIFO);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int i = 0; i < Math.min(ids.size(), ops.size()); i++) {
            int id = ids.get(i);
            switch (ops.get(i)) {
                case 0 -> {
                    if (!model.contains(id)) {
                        q.insertFifo(id);
                        model.addLast(id);
                    }
                }
                case 1 -> {
                    Integer head = model.pollFirst();
                    assertEquals(head == null ? -1 : head, q.popMin());
                }
                default -> assertEquals(model.remove(id), q.remove(id));
            }
        }
        assertEquals(model.stream().mapToInt(Integer::intValue).boxed().toList(),
                java.util.Arrays.stream(q.toSortedArray()).boxed().toList());
    }
}
