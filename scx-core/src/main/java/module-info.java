/** The engine: kernel-side sched_ext semantics on a deterministic simulated machine. */
module io.scx4j.core {
    requires transitive io.scx4j.api;
    requires io.scx4j.lib;
    requires com.google.common;
    requires transitive HdrHistogram; // TaskResult carries its wake-up latency histogram
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;
    requires transitive com.google.guice; // EngineModule is a Guice module
    exports io.scx4j.core;
    exports io.scx4j.core.workload;
    exports io.scx4j.core.report;
    // Guice calls EngineModule's @Provides methods reflectively
    opens io.scx4j.core to com.google.guice;
    uses io.scx4j.api.PolicyProvider;
    uses io.scx4j.api.PolicyDecoratorProvider;
}
