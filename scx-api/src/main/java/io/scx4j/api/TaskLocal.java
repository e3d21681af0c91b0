package io.scx4j.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Typed per-task storage for policy state, the counterpart of a BPF task-local storage map
 * ({@code BPF_MAP_TYPE_TASK_STORAGE} with {@code bpf_task_storage_get(..., BPF_LOCAL_STORAGE_GET_F_CREATE)}).
 *
 * <p>Create one per kind of state, typically in a policy's field; each instance owns one slot index in every
 * task, so a policy and the policies it wraps never see each other's state. After the first {@link #get}
 * creates the value, lookups allocate nothing.
 *
 * <pre>{@code
 * private final TaskLocal<TaskCtx> ctx = TaskLocal.withInitial(TaskCtx::new);
 * public void running(Task p) { ctx.get(p).startedAt = scx.now(); }
 * }</pre>
 *
 * @param <T> the type of the stored state
 */
public final class TaskLocal<T> {
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private final int slot = NEXT_SLOT.getAndIncrement();
    private final @Nullable Supplier<? extends T> initial;

    private TaskLocal(@Nullable Supplier<? extends T> initial) {
        this.initial = initial;
    }

    /** A slot whose value is created by {@code initial} on first access. */
    public static <T> TaskLocal<T> withInitial(Supplier<? extends T> initial) {
        return new TaskLocal<>(initial);
    }

    /** A slot that holds null until set. */
    public static <T> TaskLocal<T> empty() {
        return new TaskLocal<>(null);
    }

    /** The value for {@code p}, created on first access if this slot has an initial supplier. */
    @SuppressWarnings("unchecked")
    public @Nullable T get(Task p) {
        Object v = p.local(slot);
        if (v == null && initial != null) {
            v = initial.get();
            p.setLocal(slot, v);
        }
        return (T) v;
    }

    /** Stores {@code value} for {@code p}. */
    public void set(Task p, @Nullable T value) {
        p.setLocal(slot, value);
    }

    /** Forgets the value for {@code p} (e.g. in {@link SchedOps#exitTask}). */
    public void remove(Task p) {
        p.setLocal(slot, null);
    }

    /** The slot index in every task's storage. */
    public int slot() {
        return slot;
    }
}
