package io.scx4j.core.internal;

/**
 * A sleeping mutex owned by the engine ({@code struct mutex} / a pthread mutex, rt-app {@code lock}/{@code unlock}):
 * an owner and a FIFO of waiters. Unlock hands the mutex straight to the first waiter (the kernel's hand-off,
 * {@code __mutex_handoff} in {@code kernel/locking/mutex.c}), so a woken waiter never has to compete for it again.
 */
final class KMutex {
    final String name;
    TaskStruct owner;
    final WaitQueue waiters = new WaitQueue();

    KMutex(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return "mutex '" + name + "'";
    }
}
