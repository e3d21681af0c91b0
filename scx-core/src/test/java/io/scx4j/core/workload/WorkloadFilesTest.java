package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFilesTest {

    @TempDir
    Path dir;

    @Test
    void anRtAppFileIsRecognisedByItsContentWhateverItsName() throws Exception {
        Path f = Files.writeString(dir.resolve("workload.txt"), "/* rt-app */\n{ \"tasks\": { \"t\": { \"run\": 5 } } }");

        Workload w = WorkloadFiles.read(f);

        assertEquals("t", w.tasks().getFirst().comm());
        assertEquals(new Step.Run(5_000), w.tasks().getFirst().program().getFirst());
    }

    @Test
    void aTraceIsRecognisedByItsSchedSwitchLines() throws Exception {
        Path f = Files.copy(Path.of("src/test/resources/traces/trappy_trace_sched.txt"), dir.resolve("trace.json"));

        Workload w = WorkloadFiles.read(f);

        assertEquals(5, w.cpusSeen());
        assertEquals(7, w.tasks().size());
    }

    @Test
    void anythingElseIsAClearError() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.md"), "# notes\nnothing here\n");

        WorkloadFormatException e = assertThrows(WorkloadFormatException.class, () -> WorkloadFiles.read(f));

        assertEquals("notes.md: not a workload file: expected rt-app JSON (an object with \"tasks\") or the text of"
                + " perf script / trace-cmd report with sched_switch and sched_wakeup events", e.getMessage());
    }
}
