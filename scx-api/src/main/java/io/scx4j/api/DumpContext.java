package io.scx4j.api;

/**
 * {@code struct scx_dump_ctx}, passed to the dump callbacks. Print with {@link Scx#dump(String, Object...)}.
 *
 * @param kind     the exit kind being dumped for
 * @param exitCode the exit code
 * @param reason   the exit reason text
 * @param atNs     engine time of the dump
 */
public record DumpContext(ExitKind kind, long exitCode, String reason, long atNs) {}
