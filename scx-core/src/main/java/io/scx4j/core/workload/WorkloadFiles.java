package io.scx4j.core.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a workload file whatever its kind, recognised by content rather than by name: rt-app JSON (the first thing
 * after whitespace and comments is <code>{</code>; {@link RtAppReader}) or the text of a scheduler trace with
 * {@code sched_switch} events ({@link TraceReader}).
 */
public final class WorkloadFiles {

    private WorkloadFiles() {}

    /**
     * The workload in {@code file}.
     *
     * @throws IOException             if the file cannot be read
     * @throws WorkloadFormatException if it is neither kind, or names the line at fault in one
     */
    public static Workload read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String source = file.getFileName().toString();
        return switch (kind(text)) {
            case RT_APP -> RtAppReader.parse(source, text);
            case TRACE -> TraceReader.parse(source, text);
            case UNKNOWN -> throw new WorkloadFormatException(source, 0, 0, null, "not a workload file: expected rt-app"
                    + " JSON (an object with \"tasks\") or the text of perf script / trace-cmd report with sched_switch"
                    + " and sched_wakeup events");
        };
    }

    /** What a workload file holds. */
    enum Kind { RT_APP, TRACE, UNKNOWN }

    static Kind kind(String text) {
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i + 2);
                i = end < 0 ? n : end + 1;
            } else {
                if (c == '{') {
                    return Kind.RT_APP;
                }
                break;
            }
        }
        return TraceReader.detect(text).isPresent() ? Kind.TRACE : Kind.UNKNOWN;
    }
}
