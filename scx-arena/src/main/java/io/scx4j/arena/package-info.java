/** Off-heap shared data structures for schedulers. */
package io.scx4j.arena;
