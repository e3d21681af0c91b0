package io.scx4j.policy.lavd;

/**
 * One task as scx_lavd's per-task samples show it ({@code src/stats.rs}, {@code SchedSample}; reference
 * policies.md §1.14), from {@link LavdPolicy#taskStats}.
 *
 * @param pid            the task
 * @param comm           its name
 * @param latCri         {@code lat_cri}, its latency criticality
 * @param avgLatCri      the system average it is compared with
 * @param perfCri        {@code perf_cri} (1024 without little cores)
 * @param thrPerfCri     the system's perf-critical threshold
 * @param waitFreq       {@code wait_freq}: sleeps per second
 * @param wakeFreq       {@code wake_freq}: wake-ups of others per second
 * @param runFreq        {@code run_freq}: schedules per second
 * @param avgRuntimeNs   {@code avg_runtime} (wall)
 * @param sliceNs        the slice it got last
 * @param latencyCritical state letter L (true) or R
 * @param perfCritical   state letter H (true) or I
 * @param greedy         state letter G (true) or E
 * @param wakerPid       {@code waker_pid}: the last task that woke it within its process, 0 if none
 * @param utilEst        {@code task_util_est}: its running duty cycle of 1024 as of its last sleep (128 ms half-life
 *                       running average), the load it adds to a queue
 */
public record LavdTaskStats(
        int pid, String comm, long latCri, long avgLatCri, long perfCri, long thrPerfCri, long waitFreq,
        long wakeFreq, long runFreq, long avgRuntimeNs, long sliceNs, boolean latencyCritical, boolean perfCritical,
        boolean greedy, int wakerPid, long utilEst) {

    /** The state letters as scx_lavd prints them, e.g. {@code LHE}. */
    public String stateLetters() {
        return (latencyCritical ? "L" : "R") + (perfCritical ? "H" : "I") + (greedy ? "G" : "E");
    }
}
