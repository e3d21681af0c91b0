package io.scx4j.cli;

import io.scx4j.api.ExitInfo;
import io.scx4j.core.CpuResult;
import io.scx4j.core.RunResult;
import io.scx4j.core.report.GroupSummary;
import io.scx4j.core.report.RunLabel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal tables: one run (a row per task group), or several policies side by side (a column per policy). */
final class SummaryTable {
    private SummaryTable() {}

    static void header(PrintWriter out, RunLabel label, RunResult r, String policies) {
        out.printf(Locale.ROOT, "%s on %s (%d CPUs), workload %s (%d tasks), %s simulated, seed %d%n", policies,
                label.topology(), r.cpus().size(), label.workload(), r.tasks().size(), time(r.durationNs()),
                label.seed());
    }

    /** Prints an exit: an ejection prominently. */
    static void exit(PrintWriter out, RunResult r) {
        if (r.ejection().isPresent()) {
            ExitInfo e = r.ejection().get();
            out.println("!! POLICY EJECTED: " + r.policy() + ": " + e.summary());
            out.println("!! every task continued under the fair class from then on");
        } else if (!r.exits().isEmpty()) {
            out.println("policy " + r.policy() + " exited: " + r.exits().get(0).summary());
        }
    }

    /** One run: a row per task group. */
    static void single(PrintWriter out, RunLabel label, RunResult r) {
        header(out, label, r, "policy " + r.policy());
        exit(out, r);
        out.println();
        String fmt = "%-14s %5s %9s %9s %9s %9s %9s %7s %9s %9s %8s %9s%n";
        out.printf(Locale.ROOT, fmt, "group", "tasks", "p50", "p90", "p99", "p99.9", "max", "share", "wait",
                "misses", "migr", "switches");
        for (GroupSummary g : GroupSummary.of(r)) {
            out.printf(Locale.ROOT, fmt, g.name(), g.tasks(), time(g.p50Ns()), time(g.p90Ns()), time(g.p99Ns()),
                    time(g.p999Ns()), time(g.maxNs()), pct(g.runtimeShare(r)), time(g.waitNs()), misses(g),
                    g.migrations(), g.contextSwitches());
        }
        out.println();
        out.printf(Locale.ROOT, "CPU utilisation %s, %d context switches%n", pct(utilisation(r)), switches(r));
        if (r.energyJ() > 0) {
            out.printf(Locale.ROOT, "energy %.2f J (%.1f W average), %s lost to cache warm-up%n", r.energyJ(),
                    r.averageWatts(), time(r.cacheWarmupNs()));
        }
    }

    /** Several runs of one workload: per group, a row per metric and a column per policy. */
    static void compare(PrintWriter out, RunLabel label, List<RunResult> runs) {
        header(out, label, runs.get(0), "policies " + String.join(", ", runs.stream().map(RunResult::policy).toList()));
        for (RunResult r : runs) {
            exit(out, r);
        }
        out.println();
        Map<String, List<GroupSummary>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (GroupSummary g : GroupSummary.of(runs.get(i))) {
                List<GroupSummary> row = byGroup.computeIfAbsent(g.name(), k -> new ArrayList<>());
                while (row.size() < i) {
                    row.add(null);
                }
                row.add(g);
            }
        }
        StringBuilder fmt = new StringBuilder("%-14s %-14s");
        List<Object> head = new ArrayList<>(List.of("group", "metric"));
        for (RunResult r : runs) {
            fmt.append(" %12s");
            head.add(r.ejection().isPresent() ? r.policy() + "!" : r.policy());
        }
        String f = fmt.append("%n").toString();
        out.printf(Locale.ROOT, f, head.toArray());
        for (var e : byGroup.entrySet()) {
            List<GroupSummary> gs = e.getValue();
            row(out, f, e.getKey(), "p50", gs, runs, (g, r) -> time(g.p50Ns()));
            row(out, f, "", "p90", gs, runs, (g, r) -> time(g.p90Ns()));
            row(out, f, "", "p99", gs, runs, (g, r) -> time(g.p99Ns()));
            row(out, f, "", "p99.9", gs, runs, (g, r) -> time(g.p999Ns()));
            row(out, f, "", "max", gs, runs, (g, r) -> time(g.maxNs()));
            row(out, f, "", "runtime share", gs, runs, (g, r) -> pct(g.runtimeShare(r)));
            row(out, f, "", "wait", gs, runs, (g, r) -> time(g.waitNs()));
            row(out, f, "", "misses", gs, runs, (g, r) -> misses(g));
            row(out, f, "", "migrations", gs, runs, (g, r) -> Long.toString(g.migrations()));
            row(out, f, "", "switches", gs, runs, (g, r) -> Long.toString(g.contextSwitches()));
        }
        List<Object> util = new ArrayList<>(List.of("machine", "CPU util"));
        List<Object> cs = new ArrayList<>(List.of("", "switches"));
        for (RunResult r : runs) {
            util.add(pct(utilisation(r)));
            cs.add(Long.toString(switches(r)));
        }
        out.printf(Locale.ROOT, f, util.toArray());
        out.printf(Locale.ROOT, f, cs.toArray());
        if (runs.stream().anyMatch(r -> r.energyJ() > 0)) {
            List<Object> energy = new ArrayList<>(List.of("", "energy"));
            List<Object> watts = new ArrayList<>(List.of("", "avg power"));
            List<Object> warmup = new ArrayList<>(List.of("", "cache warm-up"));
            for (RunResult r : runs) {
                energy.add(String.format(Locale.ROOT, "%.2f J", r.energyJ()));
                watts.add(String.format(Locale.ROOT, "%.1f W", r.averageWatts()));
                warmup.add(time(r.cacheWarmupNs()));
            }
            out.printf(Locale.ROOT, f, energy.toArray());
            out.printf(Locale.ROOT, f, watts.toArray());
            out.printf(Locale.ROOT, f, warmup.toArray());
        }
        if (runs.stream().anyMatch(r -> r.ejection().isPresent())) {
            out.println("(! = the policy was ejected during the run; its column includes time under the fair class)");
        }
    }

    private interface Cell {
        String of(GroupSummary g, RunResult r);
    }

    private static void row(PrintWriter out, String fmt, String group, String metric, List<GroupSummary> gs,
            List<RunResult> runs, Cell cell) {
        List<Object> cells = new ArrayList<>(List.of(group, metric));
        for (int i = 0; i < runs.size(); i++) {
            GroupSummary g = i < gs.size() ? gs.get(i) : null;
            cells.add(g == null ? "-" : cell.of(g, runs.get(i)));
        }
        out.printf(Locale.ROOT, fmt, cells.toArray());
    }

    static double utilisation(RunResult r) {
        long busy = r.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        return r.durationNs() == 0 ? 0 : (double) busy / ((double) r.durationNs() * r.cpus().size());
    }

    static long switches(RunResult r) {
        return r.cpus().stream().mapToLong(CpuResult::contextSwitches).sum();
    }

    private static String misses(GroupSummary g) {
        return g.timerPeriods() == 0 ? "-" : g.timerMisses() + "/" + g.timerPeriods();
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    /** 0 ns, 850 ns, 12.3 us, 4.56 ms, 1.234 s. */
    static String time(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

}
