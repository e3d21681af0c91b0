package io.scx4j.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.scx4j.api.ExitInfo;
import io.scx4j.core.CpuResult;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes run results as JSON: the schema of {@code docs/json-output.md}. Keys come in a fixed order and numbers are
 * integers (nanoseconds, counts), so the same run gives byte-identical output.
 *
 * <p>One run ({@code scx run --json}):
 *
 * <pre>{@code
 * {"policy":"simple","workload":"cpu-mix","topology":"flat-4","seed":1,"duration_ns":2000000000,"exit":null,
 *  "groups":{"batch":{"tasks":2,"latency_ns":{"p50":..,"p90":..,"p99":..,"p999":..,"max":..},"runtime_ns":..,...}},
 *  "tasks":[{"pid":1,"comm":"batch-0","group":"batch","runtime_ns":..,"wait_ns":..,"nr_wakeups":..,
 *            "nr_migrations":..},...],
 *  "cpus":[{"cpu":0,"busy_ns":..,"idle_ns":..,"context_switches":..},...]}
 * }</pre>
 *
 * <p>Several runs ({@code scx compare --json}): {@code {"runs":[run, run, ...]}} in the order given.
 */
public final class RunJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RunJson() {}

    /** One run as a JSON document. */
    public static void write(RunResult result, RunLabel label, Writer out) {
        try (JsonGenerator g = generator(out)) {
            run(g, result, label);
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several runs as {@code {"runs":[...]}}. */
    public static void writeAll(List<RunResult> results, List<RunLabel> labels, Writer out) {
        if (results.size() != labels.size()) {
            throw new IllegalArgumentException(results.size() + " results but " + labels.size() + " labels");
        }
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (int i = 0; i < results.size(); i++) {
                run(g, results.get(i), labels.get(i));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    private static void run(JsonGenerator g, RunResult r, RunLabel label) throws IOException {
        g.writeStartObject();
        g.writeStringField("policy", r.policy());
        g.writeStringField("workload", label.workload());
        g.writeStringField("topology", label.topology());
        g.writeNumberField("seed", label.seed());
        g.writeNumberField("duration_ns", r.durationNs());
        g.writeFieldName("exit");
        if (r.exits().isEmpty()) {
            g.writeNull();
        } else {
            ExitInfo e = r.ejection().orElse(r.exits().get(0));
            g.writeStartObject();
            g.writeStringField("kind", e.kind().name());
            g.writeNumberField("code", e.exitCode());
            g.writeStringField("reason", e.reason());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("groups");
        for (GroupSummary s : GroupSummary.of(r)) {
            g.writeObjectFieldStart(s.name());
            g.writeNumberField("tasks", s.tasks());
            g.writeObjectFieldStart("latency_ns");
            g.writeNumberField("p50", s.p50Ns());
            g.writeNumberField("p90", s.p90Ns());
            g.writeNumberField("p99", s.p99Ns());
            g.writeNumberField("p999", s.p999Ns());
            g.writeNumberField("max", s.maxNs());
            g.writeEndObject();
            g.writeNumberField("runtime_ns", s.runtimeNs());
            g.writeNumberField("wait_ns", s.waitNs());
            g.writeNumberField("wakeups", s.wakeups());
            g.writeNumberField("timer_periods", s.timerPeriods());
            g.writeNumberField("timer_misses", s.timerMisses());
            g.writeNumberField("migrations", s.migrations());
            g.writeNumberField("context_switches", s.contextSwitches());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("tasks");
        for (TaskResult t : r.tasks()) {
            g.writeStartObject();
            g.writeNumberField("pid", t.pid());
            g.writeStringField("comm", t.comm());
            g.writeStringField("group", t.group());
            g.writeNumberField("runtime_ns", t.runtimeNs());
            g.writeNumberField("wait_ns", t.waitNs());
            g.writeNumberField("nr_wakeups", t.wakeups());
            g.writeNumberField("nr_migrations", t.migrations());
            g.writeNumberField("nr_voluntary_switches", t.voluntarySwitches());
            g.writeNumberField("nr_involuntary_switches", t.involuntarySwitches());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("cpus");
        for (CpuResult c : r.cpus()) {
            g.writeStartObject();
            g.writeNumberField("cpu", c.cpu());
            g.writeNumberField("busy_ns", c.busyNs());
            g.writeNumberField("idle_ns", r.durationNs() - c.busyNs());
            g.writeNumberField("context_switches", c.contextSwitches());
            if (r.energyJ() > 0) {
                g.writeNumberField("energy_j", c.energyJ());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.energyJ() > 0) {
            // only when the machine model's power effect is on: 0 would read as "used no energy"
            g.writeNumberField("energy_j", r.energyJ());
            g.writeNumberField("average_w", r.averageWatts());
            g.writeNumberField("cache_warmup_ns", r.cacheWarmupNs());
        }
        g.writeEndObject();
    }
}
