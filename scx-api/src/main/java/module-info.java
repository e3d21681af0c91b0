/**
 * The sched_ext ops API ({@link io.scx4j.api.SchedOps}), the kernel-helper API ({@link io.scx4j.api.Scx}) and the
 * policy plugin SPI ({@link io.scx4j.api.PolicyProvider}, {@link io.scx4j.api.PolicyDecoratorProvider}).
 * Policy authors depend on this module alone.
 */
module io.scx4j.api {
    requires transitive io.scx4j.topology;
    requires transitive org.jspecify;
    exports io.scx4j.api;
    exports io.scx4j.api.guard; // called by instrumented policy code (any module, or none)
    uses io.scx4j.api.PolicyProvider;
    uses io.scx4j.api.PolicyDecoratorProvider;
}
