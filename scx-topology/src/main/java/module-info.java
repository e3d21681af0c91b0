/**
 * The machine model a scheduler runs on: CPUs, SMT cores, LLCs, NUMA nodes, packages and {@code
 * CpuMask}, read from Linux sysfs, from JSON, or from presets.
 */
module io.scx4j.topology {
    requires com.google.common;
    requires com.fasterxml.jackson.databind;

    exports io.scx4j.topology;

    // The JSON document records are bound reflectively by Jackson; not exported.
    opens io.scx4j.topology.internal to com.fasterxml.jackson.databind;
}
