package io.scx4j.core.workload;

import org.jspecify.annotations.Nullable;

/**
 * A workload file (rt-app JSON, a scheduler trace) that cannot be read: the message names the file, the line and
 * column, the key or event at fault, what was found and what is supported, e.g.
 * {@code mp3.json:12:7: key 'policy': SCHED_DEADLINE is not supported (supported: SCHED_OTHER, ...)}.
 */
public final class WorkloadFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final @Nullable String key;

    /**
     * @param source file name (or another label of the input)
     * @param line   1-based line, 0 when not known
     * @param column 1-based column, 0 when not known
     * @param key    the key, event or field at fault, or null
     * @param what   what is wrong and what is supported
     */
    public WorkloadFormatException(String source, int line, int column, @Nullable String key, String what) {
        super(format(source, line, column, key, what));
        this.source = source;
        this.line = line;
        this.column = column;
        this.key = key;
    }

    private static String format(String source, int line, int column, @Nullable String key, String what) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (key != null) {
            sb.append("key '").append(key).append("': ");
        }
        return sb.append(what).toString();
    }

    /** The file (or label) that was read. */
    public String source() {
        return source;
    }

    /** 1-based line of the fault, 0 when not known. */
    public int line() {
        return line;
    }

    /** 1-based column of the fault, 0 when not known. */
    public int column() {
        return column;
    }

    /** The key, event or field at fault, or null. */
    public @Nullable String key() {
        return key;
    }
}
