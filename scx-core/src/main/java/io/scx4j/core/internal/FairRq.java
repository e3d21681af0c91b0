package io.scx4j.core.internal;

import java.util.Arrays;

/**
 * One CPU's run queue of the fair class: the tasks waiting to run (the current task is not in it), with the
 * EEVDF quantities the pick needs. Array-backed; allocates only when it grows.
 */
final class FairRq {
    TaskStruct[] tasks = new TaskStruct[8];
    int nr;
    long minVruntime;

    void add(TaskStruct p) {
        if (nr == tasks.length) {
            tasks = Arrays.copyOf(tasks, nr * 2);
        }
        tasks[nr++] = p;
        p.onFairRq = true;
    }

    void remove(TaskStruct p) {
        for (int i = 0; i < nr; i++) {
            if (tasks[i] == p) {
                tasks[i] = tasks[--nr];
                tasks[nr] = null;
                p.onFairRq = false;
                return;
            }
        }
        throw new IllegalStateException(p + " not on this fair run queue");
    }
}
