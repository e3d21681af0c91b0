package io.scx4j.api;

import java.util.Objects;

/**
 * How and why a policy stopped, {@code struct scx_exit_info}: passed to {@link SchedOps#exit} and kept in the
 * run's results.
 *
 * @param kind      {@code kind}
 * @param exitCode  {@code exit_code}: user code of {@link Scx#exit}, or system action/reason bits ({@link ExitCodes})
 * @param reason    {@code reason}: the kind's text
 * @param message   {@code msg}: what happened, naming the callback, task and rule for kernel-detected errors
 * @param dump      {@code dump}: the debug dump (engine state plus the policy's dump callbacks), empty if none
 * @param initialized {@code flags & SCX_EFLAG_INITIALIZED}: {@link SchedOps#init} had succeeded
 */
public record ExitInfo(ExitKind kind, long exitCode, String reason, String message, String dump, boolean initialized) {
    public ExitInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(dump, "dump");
    }

    /** An exit of {@code kind} with the kind's reason text. */
    public static ExitInfo of(ExitKind kind, long exitCode, String message, String dump, boolean initialized) {
        return new ExitInfo(kind, exitCode, kind.reason(), message, dump, initialized);
    }

    /** One line: {@code "runtime error (1024): message"}. */
    public String summary() {
        return reason + " (" + kind.value() + (exitCode != 0 ? ", code 0x" + Long.toHexString(exitCode) : "") + ")"
                + (message.isEmpty() ? "" : ": " + message);
    }
}
