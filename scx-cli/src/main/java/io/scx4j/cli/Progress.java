package io.scx4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on the terminal's stderr for long runs: drawn only when stderr is a terminal ({@link System#console()})
 * and the run has taken more than half a second of wall time, redrawn in place with {@code \r}.
 */
final class Progress {
    private static final long SHOW_AFTER_NS = 500_000_000L;

    private final PrintStream err;
    private final String label;
    private final long startedNs = System.nanoTime();
    private boolean drawn;

    private Progress(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar for {@code label}, or null when stderr is not a terminal. */
    static Progress forTerminal(String label) {
        return System.console() == null ? null : new Progress(System.err, label);
    }

    void update(long doneNs, long totalNs) {
        if (!drawn && System.nanoTime() - startedNs < SHOW_AFTER_NS) {
            return;
        }
        drawn = true;
        int width = 30;
        int filled = (int) (width * (double) doneNs / totalNs);
        err.print(String.format(Locale.ROOT, "\r%-12s [%s%s] %3d%%  %.2f s of %.2f s simulated", label,
                "#".repeat(filled), " ".repeat(width - filled), (int) (100.0 * doneNs / totalNs), doneNs / 1e9,
                totalNs / 1e9));
        err.flush();
    }

    void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(80) + "\r");
            err.flush();
        }
    }
}
