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
    void everyCheckAndHandlerEntryConsultsTheSupervisorWhichCannotBeReplaced() {
        Counting s = new Counting();
        assertFalse(MayGoto.isSupervisedBy(s));
        assertEquals(MayGoto.CHECK_INTERVAL, MayGoto.check(), "no supervisor yet: the count just starts again");
        MayGoto.handlerEntry();
        MayGoto.install(s);
        assertTrue(MayGoto.isSupervised());
        assertTrue(MayGoto.isSupervisedBy(s));

        assertEquals(MayGoto.CHECK_INTERVAL, MayGoto.check());
        MayGoto.handlerEntry();
        MayGoto.handlerEntry();
        assertEquals(3, s.checks);

        var ex = assertThrows(IllegalStateException.class, () -> MayGoto.install(() -> {}));
        assertTrue(ex.getMessage().contains(Counting.class.getName()), ex.getMessage());
        assertTrue(MayGoto.isSupervisedBy(s), "still the first supervisor");
    }
}
