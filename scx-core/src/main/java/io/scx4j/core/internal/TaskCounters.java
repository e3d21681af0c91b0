package io.scx4j.core.internal;

import org.HdrHistogram.Histogram;

/** Per-task measurements the engine keeps while running. */
final class TaskCounters {
    long waitNs;
    long wakeups;
    long voluntarySwitches;
    long involuntarySwitches;
    long migrations;
    long migrationsSameCore;
    long migrationsSameLlc;
    long migrationsSameNode;
    long migrationsCrossNode;
    long enqueues;
    long dispatches;
    long slices;
    long timerPeriods;
    long timerMisses;
    /** Mutex waits that ended in an acquisition, their total and their longest duration (block to hand-off). */
    long lockAcquisitions;
    long lockWaitNs;
    long lockWaitMaxNs;
    final Histogram wakeLatency = new Histogram(3_600_000_000_000L, 2);
}
