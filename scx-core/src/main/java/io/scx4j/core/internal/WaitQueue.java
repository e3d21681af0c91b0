package io.scx4j.core.internal;

/**
 * A FIFO of blocked tasks, linked through {@link TaskStruct#waitNext} (a task waits on one thing at a time), so
 * queueing allocates nothing: the waiters of a mutex, a condition variable, a barrier or a semaphore.
 */
final class WaitQueue {
    private TaskStruct head;
    private TaskStruct tail;
    int size;

    void add(TaskStruct p) {
        p.waitNext = null;
        if (tail == null) {
            head = p;
        } else {
            tail.waitNext = p;
        }
        tail = p;
        size++;
    }

    /** Removes and returns the first waiter, or null. */
    TaskStruct poll() {
        TaskStruct p = head;
        if (p != null) {
            head = p.waitNext;
            if (head == null) {
                tail = null;
            }
            p.waitNext = null;
            size--;
        }
        return p;
    }

    boolean isEmpty() {
        return head == null;
    }
}
