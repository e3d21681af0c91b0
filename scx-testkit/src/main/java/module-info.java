/**
 * Test support for policy authors ({@code io.scx4j.testkit}): {@link io.scx4j.testkit.FakeTask}, a task with real
 * fields for unit-testing a policy's callbacks without the engine, and {@link io.scx4j.testkit.RandomMachines},
 * jqwik generators of random topologies. Depend on it with test scope.
 */
module io.scx4j.testkit {
    requires transitive io.scx4j.api;
    requires transitive net.jqwik.api;
    exports io.scx4j.testkit;
}
