/**
 * Complete policies built from {@code io.scx4j.lib}, Java ports of the example schedulers of sched-ext/scx
 * ({@code scheds/c/}, now also in the kernel's {@code tools/sched_ext/}):
 *
 * <ul>
 *   <li>{@link io.scx4j.lib.policies.SimplePolicy} ({@code simple}): one shared queue, weighted vtime or FIFO,
 *       after {@code scx_simple};</li>
 *   <li>{@link io.scx4j.lib.policies.CentralPolicy} ({@code central}): one CPU makes every scheduling decision and
 *       the others run tickless, after {@code scx_central}.</li>
 * </ul>
 *
 * Both are registered with {@link java.util.ServiceLoader} as {@link io.scx4j.api.PolicyProvider}s.
 */
package io.scx4j.lib.policies;
