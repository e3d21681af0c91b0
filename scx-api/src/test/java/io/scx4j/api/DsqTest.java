package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DsqTest {
    @Test
    void builtinIdsUseTheKernelEncoding() {
        assertEquals(0x8000_0000_0000_0001L, Dsq.GLOBAL);
        assertEquals(0x8000_0000_0000_0002L, Dsq.LOCAL);
        assertEquals(0xC000_0000_0000_0007L, Dsq.localOn(7));
    }

    @Test
    void localOnCarriesItsCpuInTheLow32Bits() {
        long id = Dsq.localOn(4095);
        assertTrue(Dsq.isLocalOn(id));
        assertTrue(Dsq.isBuiltin(id));
        assertEquals(4095, Dsq.cpuOf(id));
        assertEquals("LOCAL_ON|4095", Dsq.format(id));
    }

    @Test
    void userIdsAreThoseWithBit63Clear() {
        assertTrue(Dsq.isUser(0));
        assertTrue(Dsq.isUser(0xcafef00dL));
        assertFalse(Dsq.isUser(Dsq.GLOBAL));
        assertFalse(Dsq.isLocalOn(Dsq.GLOBAL));
        assertEquals("0xcafef00d", Dsq.format(0xcafef00dL));
    }

    @Test
    void cpuOfANonLocalOnIdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Dsq.cpuOf(Dsq.GLOBAL));
        assertThrows(IllegalArgumentException.class, () -> Dsq.localOn(-1));
    }
}
