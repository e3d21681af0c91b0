package io.scx4j.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import io.scx4j.api.Cgroup;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.TaskLocal;
import io.scx4j.topology.CpuMask;
import org.junit.jupiter.api.Test;

class FakeTaskTest {
    @Test
    void aFreshTaskIsANiceZeroNormalThreadOfItsOwnProcessWithAFullDefaultSlice() {
        FakeTask p = new FakeTask(7);
        assertEquals(7, p.pid());
        assertEquals(7, p.tgid());
        assertEquals("fake7", p.comm());
        assertEquals(SchedPolicy.NORMAL, p.policy());
        assertEquals(0, p.nice());
        assertEquals(100, p.weight());
        assertEquals(20_000_000L, p.slice());
        assertEquals(0, p.dsqVtime());
        assertEquals(64, p.nrCpusAllowed());
        assertFalse(p.kthread());
        assertEquals("fake7[7]", p.toString());
    }

    @Test
    void niceSetsTheWeightAsSetUserNiceDoes() {
        assertEquals(8668, new FakeTask(1).nice(-20).weight()); // round(88761 * 100 / 1024)
        assertEquals(33, new FakeTask(1).nice(5).weight()); // round(335 * 100 / 1024)
        assertEquals(1, new FakeTask(1).nice(19).weight()); // round(15 * 100 / 1024) = 1
        assertEquals(250, new FakeTask(1).nice(3).weight(250).weight(), "an explicit weight wins");
    }

    @Test
    void whatTheTestSetsIsWhatThePolicyReads() {
        FakeTask p = new FakeTask(12).tgid(10).comm("kworker/3:1").policy(SchedPolicy.BATCH).sumExec(5_000_000L)
                .kthread(true).exiting(true).migrationDisabled(true).scxFlags(0x4).coreSchedAt(777);
        assertEquals(10, p.tgid());
        assertEquals("kworker/3:1", p.comm());
        assertEquals(SchedPolicy.BATCH, p.policy());
        assertEquals(5_000_000L, p.sumExecRuntime());
        assertTrue(p.kthread() && p.exiting() && p.migrationDisabled());
        assertEquals(0x4, p.scxFlags());
        assertEquals(777, p.coreSchedAt());
    }

    @Test
    void theCpuMaskSetsNrCpusAllowed() {
        FakeTask p = new FakeTask(1).cpus(CpuMask.of(2, 5, 9));
        assertEquals(3, p.nrCpusAllowed());
        assertTrue(p.cpusAllowed().contains(5));
        assertFalse(p.cpusAllowed().contains(0));
    }

    @Test
    void whatThePolicyWritesIsWhatItReadsBack() {
        FakeTask p = new FakeTask(1).slice(0).vtime(5);
        p.setSlice(3_000_000L);
        p.setDsqVtime(p.dsqVtime() + 40);
        assertEquals(3_000_000L, p.slice());
        assertEquals(45, p.dsqVtime());
    }

    @Test
    void taskLocalStateIsPerTaskAndPerSlot() {
        TaskLocal<StringBuilder> log = TaskLocal.withInitial(StringBuilder::new);
        TaskLocal<String> tag = TaskLocal.empty();
        FakeTask a = new FakeTask(1);
        FakeTask b = new FakeTask(2);

        log.get(a).append("ran");
        tag.set(b, "batch");

        assertEquals("ran", log.get(a).toString());
        assertEquals("", log.get(b).toString());
        assertNull(tag.get(a));
        assertEquals("batch", tag.get(b));
        tag.remove(b);
        assertNull(tag.get(b));
    }

    @Test
    void aCgroupIsThereOnlyWhenTheTestGivesOne() {
        FakeTask p = new FakeTask(3);
        var e = assertThrows(UnsupportedOperationException.class, p::cgroup);
        assertTrue(e.getMessage().contains("FakeTask.cgroup(Cgroup)"), e.getMessage());
        Cgroup cg = mock(Cgroup.class);
        assertSame(cg, p.cgroup(cg).cgroup());
    }

    @Test
    void badFieldValuesAreClearErrorsNamingTheField() {
        FakeTask p = new FakeTask(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.weight(0)).getMessage()
                .contains("weight (p->scx.weight) must be in [1, 10000], got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.nice(20)).getMessage()
                .contains("nice must be in -20..19, got 20"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.cpus(CpuMask.empty())).getMessage()
                .contains("cpus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.comm("a-name-of-16-chr")).getMessage()
                .contains("at most 15 characters"));
        assertEquals("sumExec (p->se.sum_exec_runtime) must be in [0, ...], got -1",
                assertThrows(IllegalArgumentException.class, () -> p.sumExec(-1)).getMessage());
        assertEquals("pid must be in [0, ...], got -3",
                assertThrows(IllegalArgumentException.class, () -> new FakeTask(-3)).getMessage());
        assertEquals(100, p.weight(), "a rejected value changes nothing");
        assertEquals(Scx.SLICE_DFL, p.slice());
    }
}
