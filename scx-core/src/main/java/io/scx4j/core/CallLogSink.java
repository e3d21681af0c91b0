package io.scx4j.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes every policy callback the engine makes as one JSON object per line (JSON Lines), in event order:
 *
 * <pre>{@code
 * {"time":1000000,"cpu":3,"kind":"op","op":"enqueue","pid":7,"args":"enq_flags=0x1","result":""}
 * }</pre>
 *
 * <p>{@code time} is virtual ns, {@code pid} is -1 when the call has no task argument, {@code result} is empty for
 * void callbacks. Runs with the same inputs and seed give byte-identical logs, so two logs can be diffed to find
 * where two runs part ways. Policy callbacks have {@code kind} {@code "op"}; helpers the policy calls have {@code kind}
 * {@code "kfunc"}, the kernel's name ({@code scx_bpf_dsq_insert}), the task argument's pid, the other arguments and
 * the result:
 *
 * <pre>{@code
 * {"time":1000000,"cpu":3,"kind":"kfunc","op":"scx_bpf_dsq_insert","pid":7,"args":"-9223372036854775806, 20000000, 0","result":"true"}
 * }</pre>
 *
 * <p>The sink does not close the writer; call {@link #flush()} at the end of a run (or wrap a buffered writer you
 * close yourself).
 */
public final class CallLogSink implements EventSink, Flushable {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final JsonGenerator out;

    public CallLogSink(Writer writer) {
        try {
            this.out = JSON.createGenerator(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        out.setRootValueSeparator(null);
    }

    @Override
    public boolean wantsCalls() {
        return true;
    }

    @Override
    public void onCall(long timeNs, int cpu, String kind, String name, int pid, String args, String result) {
        try {
            out.writeStartObject();
            out.writeNumberField("time", timeNs);
            out.writeNumberField("cpu", cpu);
            out.writeStringField("kind", kind);
            out.writeStringField("op", name);
            out.writeNumberField("pid", pid);
            out.writeStringField("args", args);
            out.writeStringField("result", result);
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
