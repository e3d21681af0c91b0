package io.scx4j.topology.internal;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.primitives.Ints;
import com.google.common.primitives.Longs;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads single-value sysfs attribute files, turning every problem into a {@link
 * TopologyException} that names the file and what was expected. Not API.
 */
public final class SysfsFiles {

    /** What a cpulist file should hold, for error messages. */
    public static final String CPULIST = "a Linux cpulist such as 0-3,8";

    private final OptionalInt cpu;

    private SysfsFiles(OptionalInt cpu) {
        this.cpu = cpu;
    }

    /** Returns a reader whose errors are not tied to a CPU. */
    public static SysfsFiles global() {
        return new SysfsFiles(OptionalInt.empty());
    }

    /** Returns a reader whose errors name {@code cpu}. */
    public static SysfsFiles forCpu(int cpu) {
        return new SysfsFiles(OptionalInt.of(cpu));
    }

    /** Returns a located error about {@code file}. */
    public TopologyException error(Path file, String problem, String expected, String found, Throwable cause) {
        return new TopologyException(file.toString(), cpu, problem, expected, found, cause);
    }

    /** Returns the file's text, or empty if it does not exist. */
    public Optional<String> optional(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw error(file, "unreadable (" + e + ")", "a readable sysfs file", null, e);
        }
    }

    /** Returns the file's text; a missing file is an error naming {@code expected}. */
    public String required(Path file, String expected) {
        return optional(file).orElseThrow(() -> error(file, "file missing", expected, null, null));
    }

    /** Parses {@code text} read from {@code file} as a cpulist. */
    public CpuMask cpulist(Path file, String text) {
        try {
            return CpuMask.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(file, "", CPULIST, text, e);
        }
    }

    /** Reads a mandatory cpulist file. */
    public CpuMask cpulist(Path file) {
        return cpulist(file, required(file, CPULIST));
    }

    /** Reads the first of {@code files} that exists as a cpulist; none existing names the first. */
    public CpuMask firstCpulist(Path... files) {
        for (Path f : files) {
            Optional<String> text = optional(f);
            if (text.isPresent()) {
                return cpulist(f, text.get());
            }
        }
        List<String> others = new ArrayList<>();
        for (int i = 1; i < files.length; i++) {
            others.add(files[i].getFileName().toString());
        }
        throw error(files[0], "file missing", CPULIST + (others.isEmpty() ? "" : " (or " + String.join(", ", others)
                + ")"), null, null);
    }

    /** Reads an optional cpulist file. */
    public Optional<CpuMask> optionalCpulist(Path file) {
        return optional(file).map(text -> cpulist(file, text));
    }

    /** Reads a mandatory decimal integer file. */
    public int integer(Path file) {
        String text = required(file, "an integer");
        Integer value = Ints.tryParse(CharMatcher.whitespace().trimFrom(text));
        if (value == null) {
            throw error(file, "", "an integer", text, null);
        }
        return value;
    }

    /** Reads an optional decimal integer file. */
    public OptionalInt optionalInteger(Path file) {
        return optional(file).isPresent() ? OptionalInt.of(integer(file)) : OptionalInt.empty();
    }

    /** Reads an optional decimal long file (frequencies in kHz). */
    public OptionalLong optionalLong(Path file) {
        Optional<String> text = optional(file);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        Long value = Longs.tryParse(CharMatcher.whitespace().trimFrom(text.get()));
        if (value == null) {
            throw error(file, "", "an integer", text.get(), null);
        }
        return OptionalLong.of(value);
    }

    /** Reads a mandatory whitespace-separated list of integers (e.g. {@code nodeN/distance}). */
    public int[] integers(Path file) {
        String text = required(file, "whitespace-separated integers");
        List<String> tokens = Splitter.on(CharMatcher.whitespace()).omitEmptyStrings().splitToList(text);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = Ints.tryParse(tokens.get(i));
            if (v == null) {
                throw error(file, "", "whitespace-separated integers", text, null);
            }
            out[i] = v;
        }
        return out;
    }

    /** Returns the ids N of the sub-directories {@code <prefix>N} of {@code dir}, ascending. */
    public List<Integer> numberedDirs(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        try (var entries = Files.list(dir)) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                Integer n = name.startsWith(prefix) ? Ints.tryParse(name.substring(prefix.length())) : null;
                if (n != null && n >= 0 && Files.isDirectory(p)) {
                    ids.add(n);
                }
            });
        } catch (IOException e) {
            throw error(dir, "unreadable (" + e + ")", "a readable sysfs directory", null, e);
        }
        ids.sort(null);
        return ids;
    }
}
