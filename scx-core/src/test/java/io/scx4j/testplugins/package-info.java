/**
 * Policies and class shapes the runaway-loop tests load through the instrumenting class loader. They live outside
 * {@code io.scx4j.core} on purpose: packages the engine shares with policies are never instrumented.
 */
package io.scx4j.testplugins;
