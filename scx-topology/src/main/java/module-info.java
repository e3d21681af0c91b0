/** The machine model: CPUs, SMT cores, LLCs, NUMA nodes, packages, and CpuMask. */
module io.scx4j.topology {
    requires com.google.common;
    requires com.fasterxml.jackson.databind;
    exports io.scx4j.topology;
}
