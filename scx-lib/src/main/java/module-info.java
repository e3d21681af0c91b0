/**
 * Building blocks for composing policies ({@code io.scx4j.lib}), and the example policies {@code simple} and
 * {@code central} ({@code io.scx4j.lib.policies}), ports of sched-ext/scx's {@code scx_simple} and
 * {@code scx_central}. Depends on the API only: no engine, no framework.
 */
module io.scx4j.lib {
    requires transitive io.scx4j.api;
    exports io.scx4j.lib;
    exports io.scx4j.lib.policies;
    provides io.scx4j.api.PolicyProvider with
            io.scx4j.lib.policies.SimplePolicyProvider,
            io.scx4j.lib.policies.CentralPolicyProvider;
}
