package io.scx4j.core.workload;

import java.nio.file.Path;

/**
 * Reads workload files (rt-app JSON or a {@code sched_switch} trace, recognised by content).
 *
 * <p>Placeholder with the API of the {@code readers} branch, so the command line compiles before that branch is
 * merged; this build reads no files and says so.
 */
public final class WorkloadFiles {
    private WorkloadFiles() {}

    /**
     * The workload in {@code file}.
     *
     * @throws IllegalArgumentException always, in this build
     */
    public static Workload read(Path file) {
        throw new IllegalArgumentException(file + ":1: reading workload files is not in this build yet; use a "
                + "scenario (scx list)");
    }
}
