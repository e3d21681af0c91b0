/**
 * Test support for policy authors ({@code io.scx4j.testfixtures}): {@link io.scx4j.testfixtures.FakeTask}, a task with real
 * fields for unit-testing a policy's callbacks without the engine, and {@link io.scx4j.testfixtures.RandomMachines},
 * jqwik generators of random topologies. Depend on it with test scope.
 */
module io.scx4j.testfixtures {
    requires transitive io.scx4j.api;
    requires transitive net.jqwik.api;
    exports io.scx4j.testfixtures;
}
