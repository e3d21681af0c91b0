/**
 * {@code lavd}: scx_lavd, the Latency-criticality Aware Virtual Deadline scheduler of sched-ext/scx
 * ({@code scheds/rust/scx_lavd}), as an scx4j policy plugin. Depends on the API, the library and the arena only.
 */
module io.scx4j.policy.lavd {
    requires transitive io.scx4j.api;
    requires io.scx4j.lib;
    requires io.scx4j.arena;
    exports io.scx4j.policy.lavd;
    provides io.scx4j.api.PolicyProvider with io.scx4j.policy.lavd.LavdPolicyProvider;
}
