package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void everyUnitTheCommandAdvertisesBecomesNanoseconds() {
        assertEquals(500_000_000L, DurationConverter.parseNs("500ms"));
        assertEquals(10_000_000_000L, DurationConverter.parseNs("10s"));
        assertEquals(120_000_000_000L, DurationConverter.parseNs("2m"));
        assertEquals(1_500_000L, DurationConverter.parseNs("1500us"));
        assertEquals(1_500_000L, DurationConverter.parseNs("1500µs"));
        assertEquals(250L, DurationConverter.parseNs("250ns"));
        assertEquals(1_500_000_000L, DurationConverter.parseNs("1.5s"));
    }

    @Test
    void aNumberWithoutAUnitOrAZeroOrASubNanosecondDurationIsRefused() {
        for (String bad : new String[] {"10", "10x", "0s", "1.5ns", "-1s", "s", ""}) {
            assertThrows(TypeConversionException.class, () -> DurationConverter.parseNs(bad), bad);
        }
    }
}
