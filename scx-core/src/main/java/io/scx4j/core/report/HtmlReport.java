package io.scx4j.core.report;

import io.scx4j.api.ExitInfo;
import io.scx4j.core.CpuResult;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jspecify.annotations.Nullable;

/**
 * A self-contained HTML report of one or more runs of the same workload (one per policy): inline CSS and SVG drawn
 * here, no script and nothing fetched when it is viewed. Sections: exits (an ejected policy first, in red), the
 * summary table (groups × policies), the wake-up latency CDF of each group with one line per policy, CPU
 * utilisation per CPU, and a per-CPU timeline (a Gantt chart of slices coloured by task group) of each run.
 *
 * <p>Timelines are capped: at most {@value #MAX_DRAWN_SLICES} slices per run are drawn, from the start of the run,
 * and the report says which time window that covers.
 */
public final class HtmlReport {
    /** The most slices one timeline draws. */
    public static final int MAX_DRAWN_SLICES = 6000;

    private static final String[] POLICY_COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
            "#8c564b", "#e377c2", "#17becf"};
    private static final String[] GROUP_COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /**
     * One run in the report.
     *
     * @param result the run's results
     * @param slices its slices for the timeline, or null for no timeline
     */
    public record Run(RunResult result, @Nullable SliceRecorder slices) {
        public Run {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Axis labels for 10^0 .. 10^12 ns. */
    private static final String[] DECADES = {"1ns", "10ns", "100ns", "1µs", "10µs", "100µs", "1ms", "10ms",
            "100ms", "1s", "10s", "100s", "1000s"};

    private HtmlReport() {}

    /** Writes the report of {@code runs} (all of the workload and topology in {@code label}). */
    public static void write(RunLabel label, List<Run> runs, Writer out) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one run");
        }
        StringBuilder b = new StringBuilder(64 * 1024);
        List<String> groups = groupNames(runs);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>scx4j: ")
                .append(esc(label.workload())).append(" on ").append(esc(label.topology())).append("</title>\n")
                .append("<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1360px}\n")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}\n")
                .append("table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n")
                .append("td,th{padding:3px 9px;border-bottom:1px solid #eee;text-align:right}th{background:#f6f6f6}\n")
                .append("td:first-child,th:first-child,td.l{text-align:left}.meta{color:#666}\n")
                .append(".eject{background:#fde8e8;border:2px solid #d62728;padding:8px 12px;margin:8px 0}\n")
                .append(".ok{color:#2a7a2a}.cards{display:flex;flex-wrap:wrap;gap:12px}\n")
                .append(".card{border:1px solid #ddd;padding:6px}.legend span{display:inline-block;margin-right:14px}\n")
                .append(".sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}\n")
                .append("svg text{font:11px system-ui,sans-serif;fill:#444}\n</style></head><body>\n");
        RunResult first = runs.get(0).result();
        b.append("<h1>scx4j: ").append(esc(label.workload())).append(" on ").append(esc(label.topology()))
                .append("</h1>\n<div class=\"meta\">").append(runs.size() == 1 ? "policy " : "policies ");
        for (int i = 0; i < runs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(swatch(POLICY_COLOURS[i % POLICY_COLOURS.length]))
                    .append("<b>").append(esc(runs.get(i).result().policy())).append("</b>");
        }
        b.append(" · ").append(fmtMs(first.durationNs())).append(" simulated · seed ").append(label.seed())
                .append(" · ").append(first.cpus().size()).append(" CPUs · ").append(first.tasks().size())
                .append(" tasks</div>\n");

        b.append("<h2>Policy exits</h2>\n");
        for (Run r : runs) {
            exitLine(b, r.result());
        }

        summaryTable(b, runs);

        b.append("<h2>Wake-up latency CDF</h2>\n<div class=\"meta\">Fraction of wake-ups (y) that waited at most x "
                + "(log scale) from wake-up to running; one line per policy.</div>\n<div class=\"cards\">\n");
        for (String g : groups) {
            List<Histogram> hs = new ArrayList<>();
            for (Run r : runs) {
                hs.add(GroupSummary.of(r.result()).stream().filter(s -> s.name().equals(g)).findFirst()
                        .map(GroupSummary::latency).orElse(null));
            }
            b.append("<div class=\"card\"><b>").append(esc(g)).append("</b><br>");
            cdf(b, hs);
            b.append("</div>\n");
        }
        b.append("</div>\n");

        b.append("<h2>CPU utilisation</h2>\n");
        utilisation(b, runs);

        b.append("<h2>Per-CPU timeline</h2>\n<div class=\"legend\">");
        for (int i = 0; i < groups.size(); i++) {
            b.append("<span>").append(swatch(GROUP_COLOURS[i % GROUP_COLOURS.length])).append(esc(groups.get(i)))
                    .append("</span>");
        }
        b.append("</div>\n");
        for (Run r : runs) {
            timeline(b, r, groups);
        }
        b.append("<p class=\"meta\">Generated by scx4j. Self-contained: no scripts, no network.</p>\n</body></html>\n");
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> groupNames(List<Run> runs) {
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        for (Run r : runs) {
            for (TaskResult t : r.result().tasks()) {
                names.putIfAbsent(t.group(), Boolean.TRUE);
            }
        }
        return List.copyOf(names.keySet());
    }

    private static void exitLine(StringBuilder b, RunResult r) {
        var ejection = r.ejection();
        if (ejection.isPresent()) {
            ExitInfo e = ejection.get();
            b.append("<div class=\"eject\"><b>").append(esc(r.policy())).append(" was ejected</b>: ")
                    .append(esc(e.summary())).append("<br>Every task continued under the fair class.</div>\n");
        } else if (!r.exits().isEmpty()) {
            b.append("<div><b>").append(esc(r.policy())).append("</b> exited: ")
                    .append(esc(r.exits().get(0).summary())).append("</div>\n");
        } else {
            b.append("<div class=\"ok\"><b>").append(esc(r.policy())).append("</b> ran to the end</div>\n");
        }
    }

    private static void summaryTable(StringBuilder b, List<Run> runs) {
        b.append("<h2>Summary by task group</h2>\n<table><tr><th>group</th><th>policy</th><th>tasks</th>"
                + "<th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>runtime share</th>"
                + "<th>wait</th><th>misses</th><th>migrations</th><th>switches</th></tr>\n");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i).result();
            for (GroupSummary s : GroupSummary.of(r)) {
                String row = "<td class=\"l\">" + swatch(POLICY_COLOURS[i % POLICY_COLOURS.length]) + esc(r.policy())
                        + "</td><td>" + s.tasks() + "</td><td>" + fmtNs(s.p50Ns()) + "</td><td>" + fmtNs(s.p90Ns())
                        + "</td><td>" + fmtNs(s.p99Ns()) + "</td><td>" + fmtNs(s.p999Ns()) + "</td><td>"
                        + fmtNs(s.maxNs()) + "</td><td>" + pct(s.runtimeShare(r)) + "</td><td>" + fmtMs(s.waitNs())
                        + "</td><td>" + (s.timerPeriods() == 0 ? "–" : s.timerMisses() + "/" + s.timerPeriods())
                        + "</td><td>" + s.migrations() + "</td><td>" + s.contextSwitches() + "</td>";
                rows.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(row);
            }
        }
        for (var e : rows.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                b.append("<tr>").append(i == 0 ? "<td rowspan=\"" + e.getValue().size() + "\"><b>" + esc(e.getKey())
                        + "</b></td>" : "").append(e.getValue().get(i)).append("</tr>\n");
            }
        }
        b.append("</table>\n<table style=\"margin-top:10px\"><tr><th>policy</th><th>CPU utilisation</th>"
                + "<th>context switches</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i).result();
            b.append("<tr><td>").append(swatch(POLICY_COLOURS[i % POLICY_COLOURS.length])).append(esc(r.policy()))
                    .append("</td><td>").append(pct(utilisation(r))).append("</td><td>")
                    .append(r.cpus().stream().mapToLong(CpuResult::contextSwitches).sum()).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** Busy time of all CPUs over (CPUs × duration), 0..1. */
    static double utilisation(RunResult r) {
        long busy = r.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        return r.durationNs() == 0 ? 0 : (double) busy / ((double) r.durationNs() * r.cpus().size());
    }

    private static void cdf(StringBuilder b, List<Histogram> hs) {
        int w = 420, h = 240, left = 44, right = 26, top = 10, bottom = 34;
        long maxV = 1000;
        for (Histogram hist : hs) {
            if (hist != null && hist.getTotalCount() > 0) {
                maxV = Math.max(maxV, hist.getMaxValue());
            }
        }
        double lo = 2; // log10(100 ns)
        double hi = Math.ceil(Math.log10(maxV) + 1e-9);
        if (hi <= lo) {
            hi = lo + 1;
        }
        int pw = w - left - right, ph = h - top - bottom;
        b.append("<svg width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w)
                .append(' ').append(h).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int d = (int) lo; d <= (int) hi; d++) {
            double x = left + (d - lo) / (hi - lo) * pw;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    x, top, x, top + ph));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    top + ph + 14, DECADES[Math.min(d, DECADES.length - 1)]));
        }
        for (int q = 0; q <= 4; q++) {
            double y = top + ph - q / 4.0 * ph;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", left, y, left + pw, y, left - 4,
                    y + 4, q / 4.0));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">wake-up latency</text>", left, top,
                pw, ph, left + pw / 2, h - 4));
        for (int i = 0; i < hs.size(); i++) {
            Histogram hist = hs.get(i);
            if (hist == null || hist.getTotalCount() == 0) {
                continue;
            }
            double total = hist.getTotalCount();
            StringBuilder pts = new StringBuilder();
            double cum = 0;
            double prevY = top + ph;
            pts.append(String.format(Locale.ROOT, "%d,%.1f", left, prevY));
            for (HistogramIterationValue v : hist.recordedValues()) {
                double x = left + (Math.max(lo, Math.log10(Math.max(1, hist.highestEquivalentValue(
                        v.getValueIteratedTo())))) - lo) / (hi - lo) * pw;
                x = Math.min(x, left + pw);
                cum += v.getCountAddedInThisIterationStep();
                double y = top + ph - cum / total * ph;
                pts.append(String.format(Locale.ROOT, " %.1f,%.1f %.1f,%.1f", x, prevY, x, y));
                prevY = y;
            }
            pts.append(String.format(Locale.ROOT, " %d,%.1f", left + pw, prevY));
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(POLICY_COLOURS[i % POLICY_COLOURS.length]).append("\" points=\"").append(pts)
                    .append("\"/>");
        }
        b.append("</svg>");
    }

    private static void utilisation(StringBuilder b, List<Run> runs) {
        int nCpus = runs.get(0).result().cpus().size();
        int left = 44, top = 10, ph = 160, bottom = 30;
        int slot = Math.max(6, Math.min(48, 1200 / Math.max(1, nCpus)));
        int w = left + slot * nCpus + 12, h = top + ph + bottom;
        double barW = Math.max(1, (slot - 2.0) / runs.size());
        b.append("<svg width=\"").append(w).append("\" height=\"").append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int q = 0; q <= 4; q++) {
            double y = top + ph - q / 4.0 * ph;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", left, y, w - 12, y, left - 4, y + 4,
                    q * 25));
        }
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i).result();
            for (CpuResult c : r.cpus()) {
                double u = r.durationNs() == 0 ? 0 : Math.min(1, (double) c.busyNs() / r.durationNs());
                double x = left + c.cpu() * slot + 1 + i * barW;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"><title>%s CPU %d: %.1f%%</title></rect>", x, top + ph - u * ph, barW, u * ph,
                        POLICY_COLOURS[i % POLICY_COLOURS.length], esc(r.policy()), c.cpu(), u * 100));
            }
        }
        int labelEvery = Math.max(1, (int) Math.ceil(24.0 / slot));
        for (int c = 0; c < nCpus; c += labelEvery) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    left + c * slot + slot / 2.0, top + ph + 14, c));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">CPU</text>", left, h - 2));
        b.append("</svg>\n");
    }

    private static void timeline(StringBuilder b, Run run, List<String> groups) {
        RunResult r = run.result();
        SliceRecorder s = run.slices();
        b.append("<h3>").append(esc(r.policy())).append("</h3>\n");
        if (s == null || s.size() == 0) {
            b.append("<p class=\"meta\">no slices recorded</p>\n");
            return;
        }
        Map<Integer, Integer> groupOfPid = new HashMap<>();
        Map<Integer, String> commOfPid = new HashMap<>();
        for (TaskResult t : r.tasks()) {
            groupOfPid.put(t.pid(), groups.indexOf(t.group()));
            commOfPid.put(t.pid(), t.comm());
        }
        // window: complete (every slice starting in it was kept) and at most MAX_DRAWN_SLICES slices
        long windowEnd = Math.min(r.durationNs(), s.completeUntilNs());
        if (s.size() > MAX_DRAWN_SLICES) {
            long[] starts = new long[s.size()];
            for (int i = 0; i < s.size(); i++) {
                starts[i] = s.startNs(i);
            }
            java.util.Arrays.sort(starts);
            windowEnd = Math.min(windowEnd, starts[MAX_DRAWN_SLICES]);
        }
        if (windowEnd <= 0) {
            windowEnd = r.durationNs();
        }
        int nCpus = s.nrCpus();
        int left = 52, top = 4, pw = 1280, rowH = nCpus > 64 ? 5 : nCpus > 24 ? 9 : 14, bottom = 22;
        int h = top + rowH * nCpus + bottom;
        int drawn = 0;
        long total = s.size() + s.dropped();
        StringBuilder bars = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            long st = s.startNs(i);
            if (st >= windowEnd) {
                continue;
            }
            long en = Math.min(s.endNs(i), windowEnd);
            double x = left + (double) st / windowEnd * pw;
            double wd = Math.max(0.4, (double) (en - st) / windowEnd * pw);
            int g = groupOfPid.getOrDefault(s.pid(i), -1);
            String colour = g < 0 ? "#999" : GROUP_COLOURS[g % GROUP_COLOURS.length];
            bars.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                    + "fill=\"%s\"><title>%s (pid %d) CPU %d %s–%s</title></rect>", x, top + s.cpu(i) * rowH, wd,
                    rowH - 1, colour, esc(commOfPid.getOrDefault(s.pid(i), "?")), s.pid(i), s.cpu(i), fmtNs(st),
                    fmtNs(s.endNs(i))));
            drawn++;
        }
        boolean whole = windowEnd >= r.durationNs();
        b.append("<div class=\"meta\">").append(whole ? "the whole run, " : "the first " + fmtMs(windowEnd)
                + " of " + fmtMs(r.durationNs()) + " (capped for size), ").append(drawn).append(" slices drawn of ")
                .append(total).append(" in the run</div>\n");
        b.append("<svg width=\"").append(left + pw + 10).append("\" height=\"").append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        int labelEvery = Math.max(1, (int) Math.ceil(11.0 / rowH));
        for (int c = 0; c < nCpus; c++) {
            if (c % 2 == 1) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"#f7f7f7\"/>", left, top + c * rowH, pw, rowH));
            }
            if (c % labelEvery == 0) {
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">CPU %d</text>",
                        left - 4, top + c * rowH + Math.min(rowH, 11) - 1, c));
            }
        }
        b.append(bars);
        for (int q = 0; q <= 10; q++) {
            double x = left + q / 10.0 * pw;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, top + nCpus * rowH, x,
                    top + nCpus * rowH + 4, x, h - 6, fmtMs(windowEnd * q / 10)));
        }
        b.append("</svg>\n");
    }

    private static String swatch(String colour) {
        return "<span class=\"sw\" style=\"background:" + colour + "\"></span>";
    }

    static String fmtNs(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    private static String fmtMs(long ns) {
        return ns >= 1_000_000_000 && ns % 1_000_000 == 0 && ns % 1_000_000_000 == 0 ? ns / 1_000_000_000 + " s"
                : String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
