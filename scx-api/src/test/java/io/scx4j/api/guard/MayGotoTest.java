package io.scx4j.api.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The hook's contract, with a counting supervisor standing in for the engine's. The supervisor is installed once per
 * JVM, so one test method covers the whole sequence.
 */
class MayGotoTest {
    static final class Counting implements MayGoto.Supervisor {
        int checks;

        @Override
        public void check() {
            checks++;
        }
    }

    @Test
    void theSupervisorIsConsultedEveryIntervalOfBackEdgesAndAtEveryHandlerEntryAndCannotBeReplaced() {
        Counting s = new Counting();
        assertFalse(MayGoto.isSupervisedBy(s));
        MayGoto.backEdge(); // no supervisor yet: a no-op
        MayGoto.handlerEntry();
        MayGoto.install(s);
        assertTrue(MayGoto.isSupervised());
        assertTrue(MayGoto.isSupervisedBy(s));

        // wherever the counter stands (1 .. CHECK_INTERVAL), 2 * CHECK_INTERVAL back-edges reach zero exactly twice
        for (int i = 0; i < 2 * MayGoto.CHECK_INTERVAL; i++) {
            MayGoto.backEdge();
        }
        assertEquals(2, s.checks);
        // from a fresh count, the next consultation is CHECK_INTERVAL back-edges away
        int before = s.checks;
        int calls = 0;
        while (s.checks == before) {
            MayGoto.backEdge();
            calls++;
        }
        assertTrue(calls <= MayGoto.CHECK_INTERVAL, "consulted after " + calls);

        MayGoto.handlerEntry();
        MayGoto.handlerEntry();
        assertEquals(before + 3, s.checks, "every handler entry consults at once");

        var ex = assertThrows(IllegalStateException.class, () -> MayGoto.install(() -> {}));
        assertTrue(ex.getMessage().contains(Counting.class.getName()), ex.getMessage());
        assertTrue(MayGoto.isSupervisedBy(s), "still the first supervisor");
    }
}
