package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyOptionTest {
    enum Mode { PERFORMANCE, POWERSAVE }

    static final PolicyOption<Long> SLICE_US =
            PolicyOption.ofLong("slice_us", 20_000, "slice in us").withRange(1L, 1_000_000L);
    static final PolicyOption<Boolean> FIFO = PolicyOption.ofBoolean("fifo", false, "FIFO instead of vtime");
    static final PolicyOption<Mode> MODE = PolicyOption.ofEnum("mode", Mode.class, Mode.PERFORMANCE, "power mode");
    static final PolicyOption<Duration> PERIOD =
            PolicyOption.ofDuration("period", Duration.ofMillis(5), "sampling period");
    static final List<PolicyOption<?>> DECLARED = List.of(SLICE_US, FIFO, MODE, PERIOD);

    @Test
    void unsetOptionsTakeTheirDefaults() {
        PolicyConfig c = PolicyConfig.parse("simple", DECLARED, Map.of());
        assertEquals(20_000L, c.get(SLICE_US));
        assertEquals(false, c.get(FIFO));
        assertEquals(Mode.PERFORMANCE, c.get(MODE));
    }

    @Test
    void textValuesAreParsedByType() {
        PolicyConfig c = PolicyConfig.parse("simple", DECLARED,
                Map.of("slice_us", "5_000", "fifo", "yes", "mode", "powersave", "period", "250us"));
        assertEquals(5_000L, c.get(SLICE_US));
        assertEquals(true, c.get(FIFO));
        assertEquals(Mode.POWERSAVE, c.get(MODE));
        assertEquals(Duration.ofNanos(250_000), c.get(PERIOD));
    }

    @Test
    void aValueOfTheWrongTypeNamesOptionValueAndWhatIsAccepted() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("simple", DECLARED, Map.of("slice_us", "fast")));
        assertEquals("policy 'simple': option 'slice_us' got 'fast', expected between 1 and 1000000", e.getMessage());
    }

    @Test
    void aValueOutOfRangeIsRejected() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("simple", DECLARED, Map.of("slice_us", "0")));
        assertEquals("policy 'simple': option 'slice_us' got '0', expected between 1 and 1000000", e.getMessage());
    }

    @Test
    void anUnknownEnumConstantListsTheAcceptedOnes() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("lavd", DECLARED, Map.of("mode", "turbo")));
        assertEquals("policy 'lavd': option 'mode' got 'turbo', expected one of performance, powersave",
                e.getMessage());
    }

    @Test
    void anUnknownOptionListsTheDeclaredOnes() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("simple", DECLARED, Map.of("slcie_us", "5")));
        assertEquals("policy 'simple' has no option 'slcie_us'; accepted: slice_us, fifo, mode, period",
                e.getMessage());
    }

    @Test
    void typedValuesAreCheckedToo() {
        assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.of("simple", DECLARED, Map.of("slice_us", "5")));
        assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.of("simple", DECLARED, Map.of("slice_us", 0L)));
        assertEquals(7L, PolicyConfig.of("simple", DECLARED, Map.of("slice_us", 7L)).get(SLICE_US));
    }

    @Test
    void aDefaultThatBreaksItsOwnConstraintIsADeclarationError() {
        assertThrows(IllegalArgumentException.class,
                () -> PolicyOption.ofLong("n", 0, "count").withRange(1L, 10L));
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        assertEquals(Duration.ofNanos(100), PolicyOption.parseDuration("100"));
        assertEquals(Duration.ofMillis(5), PolicyOption.parseDuration("5ms"));
        assertEquals(Duration.ofMillis(1500), PolicyOption.parseDuration("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> PolicyOption.parseDuration("5 parsecs"));
    }
}
