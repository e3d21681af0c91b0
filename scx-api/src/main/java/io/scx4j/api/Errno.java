package io.scx4j.api;

/**
 * The errno values the kernel's sched_ext paths return or accept. Callbacks that may fail
 * ({@link SchedOps#init}, {@link SchedOps#initTask}, the cgroup init/move callbacks) return {@code 0} or a
 * negative errno, as BPF programs do; a value outside {@code [-MAX_ERRNO, 0]} is itself an error
 * ({@code -EPROTO}).
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int E2BIG = 7;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;
    /** {@code MAX_ERRNO}: return values in {@code [-MAX_ERRNO, -1]} are errors. */
    public static final int MAX_ERRNO = 4095;

    private Errno() {}

    /** True if {@code ret} is a well-formed result: 0 or a negative errno. */
    public static boolean isValidResult(int ret) {
        return ret == 0 || (ret < 0 && ret >= -MAX_ERRNO);
    }
}
