/** The sched_ext ops API, the kernel-helper API and the policy plugin SPI. */
module io.scx4j.api {
    requires transitive io.scx4j.topology;
    exports io.scx4j.api;
}
