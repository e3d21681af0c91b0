/**
 * Off-heap shared data structures for schedulers, on {@code java.lang.foreign} only.
 *
 * <p>Depends on nothing of scx4j. The implementation package {@code io.scx4j.arena.internal} is
 * not exported.
 */
module io.scx4j.arena {
    exports io.scx4j.arena;
}
