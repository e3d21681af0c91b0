/** Off-heap shared data structures for schedulers. */
module io.scx4j.arena {
    exports io.scx4j.arena;
}
