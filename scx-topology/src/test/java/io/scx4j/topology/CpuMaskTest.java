package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuMaskTest {

    @Test
    void an_empty_mask_has_no_cpus_and_answers_minus_one_for_positions() {
        CpuMask m = CpuMask.empty();
        assertTrue(m.isEmpty());
        assertEquals(0, m.weight());
        assertEquals(-1, m.first());
        assertEquals(-1, m.last());
        assertEquals(-1, m.next(0));
        assertEquals(-1, m.nth(0));
        assertEquals("", m.toCpuList());
        assertFalse(m.contains(0));
    }

    @Test
    void of_holds_exactly_the_given_cpus_and_ignores_duplicates() {
        CpuMask m = CpuMask.of(3, 0, 3, 4095, 64);
        assertEquals(4, m.weight());
        assertArrayEquals(new int[] {0, 3, 64, 4095}, m.toArray());
        assertTrue(m.contains(4095));
        assertFalse(m.contains(1));
        assertFalse(m.contains(-1));
        assertFalse(m.contains(5000));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4096, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void a_cpu_outside_0_to_4095_is_rejected_with_its_value(int cpu) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuMask.of(cpu));
        assertTrue(e.getMessage().contains(Integer.toString(cpu)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuMask.builder().clear(cpu));
    }

    @Test
    void range_covers_from_inclusive_to_exclusive_across_word_boundaries() {
        CpuMask m = CpuMask.range(60, 130);
        assertEquals(70, m.weight());
        assertEquals(60, m.first());
        assertEquals(129, m.last());
        assertEquals("60-129", m.toCpuList());
        assertTrue(CpuMask.range(5, 5).isEmpty());
        assertEquals(4096, CpuMask.range(0, 4096).weight());
        assertThrows(IllegalArgumentException.class, () -> CpuMask.range(5, 4));
        assertThrows(IllegalArgumentException.class, () -> CpuMask.range(0, 4097));
    }

    @Test
    void next_and_nth_walk_the_set_cpus_in_order() {
        CpuMask m = CpuMask.of(1, 63, 64, 200);
        assertEquals(1, m.next(0));
        assertEquals(1, m.next(1));
        assertEquals(63, m.next(2));
        assertEquals(64, m.next(64));
        assertEquals(200, m.next(65));
        assertEquals(-1, m.next(201));
        assertEquals(1, m.next(-5));
        assertEquals(1, m.nth(0));
        assertEquals(64, m.nth(2));
        assertEquals(200, m.nth(3));
        assertEquals(-1, m.nth(4));
        assertEquals(-1, m.nth(-1));
        assertEquals(200, m.last());
    }

    static Stream<Arguments> goodCpulists() {
        return Stream.of(
                Arguments.of("0-3,8,10-11", "0-3,8,10-11"),
                Arguments.of("", ""),
                Arguments.of("  \n", ""),
                Arguments.of("0-3\n", "0-3"),
                Arguments.of(" 3 , 1 ,\t2 ", "1-3"),
                Arguments.of("0-7:2/4", "0-1,4-5"),
                Arguments.of("0-9:1/3", "0,3,6,9"),
                Arguments.of("5-5", "5"),
                Arguments.of("0,0,0", "0"),
                Arguments.of("4095", "4095"));
    }

    @ParameterizedTest
    @MethodSource("goodCpulists")
    void parse_accepts_linux_cpulists_and_prints_them_canonically(String in, String canonical) {
        CpuMask m = CpuMask.parse(in);
        assertEquals(canonical, m.toCpuList());
        assertEquals(canonical, m.toString());
        assertEquals(m, CpuMask.parse(m.toCpuList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0-3,abc;      'abc';  4",
        "0-3,,5;       '';     4",
        "7-2;          '7-2';  0",
        "1,4096;       '4096'; 2",
        "1,-3;         '-3';   2",
        "0-7:2;        '0-7:2'; 0",
        "0-7:0/4;      '0-7:0/4'; 0",
        "1 , 2x;       '2x';   4",
    })
    void parse_rejects_bad_input_naming_the_token_and_its_offset(String in, String token, int offset) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuMask.parse(in));
        assertTrue(e.getMessage().contains("token '" + token + "' at offset " + offset), e.getMessage());
    }

    @Test
    void set_algebra_matches_the_definitions() {
        CpuMask a = CpuMask.parse("0-5,100");
        CpuMask b = CpuMask.parse("4-9");
        assertEquals(CpuMask.parse("4-5"), a.and(b));
        assertEquals(CpuMask.parse("0-9,100"), a.or(b));
        assertEquals(CpuMask.parse("0-3,100"), a.andNot(b));
        assertEquals(CpuMask.parse("6-9"), b.andNot(a));
        assertEquals(CpuMask.parse("0-3,6-9,100"), a.xor(b));
        assertTrue(a.intersects(b));
        assertFalse(a.intersects(CpuMask.of(50)));
        assertTrue(CpuMask.of(4, 5).isSubsetOf(a));
        assertFalse(a.isSubsetOf(b));
        assertTrue(CpuMask.empty().isSubsetOf(b));
    }

    @Test
    void results_that_lose_their_high_cpus_equal_masks_built_small() {
        CpuMask high = CpuMask.of(1, 3000);
        CpuMask dropped = high.andNot(CpuMask.of(3000));
        assertEquals(CpuMask.of(1), dropped);
        assertEquals(CpuMask.of(1).hashCode(), dropped.hashCode());
        assertEquals(1, dropped.last());
        assertSame(CpuMask.empty(), CpuMask.of(5).xor(CpuMask.of(5)));
    }

    @Test
    void equality_is_by_content() {
        assertEquals(CpuMask.of(1, 2, 3), CpuMask.range(1, 4));
        assertNotEquals(CpuMask.of(1, 2), CpuMask.of(1, 3));
        assertNotEquals(CpuMask.of(1), "1");
    }

    @Test
    void stream_foreach_and_to_array_visit_cpus_ascending() {
        CpuMask m = CpuMask.of(70, 2, 9);
        assertArrayEquals(new int[] {2, 9, 70}, m.stream().toArray());
        List<Integer> seen = new ArrayList<>();
        m.forEach(seen::add);
        assertEquals(List.of(2, 9, 70), seen);
        assertEquals(0, CpuMask.empty().stream().count());
    }

    @Test
    void with_and_without_return_new_masks_and_leave_the_original() {
        CpuMask m = CpuMask.of(1);
        assertEquals(CpuMask.of(1, 2), m.with(2));
        assertEquals(CpuMask.empty(), m.without(1));
        assertSame(m, m.with(1));
        assertSame(m, m.without(7));
        assertEquals(CpuMask.of(1), m);
    }

    @Test
    void the_builder_mutates_and_builds_independent_masks() {
        CpuMask.Builder b = CpuMask.builder().set(0, 8).clear(3).set(200);
        assertTrue(b.contains(200));
        assertFalse(b.contains(3));
        assertEquals(8, b.weight());
        CpuMask first = b.build();
        b.and(CpuMask.range(0, 4));
        assertEquals(CpuMask.parse("0-2"), b.build());
        assertEquals(CpuMask.parse("0-2,4-7,200"), first);
        b.setAll(CpuMask.of(10)).andNot(CpuMask.of(0));
        assertEquals(CpuMask.parse("1-2,10"), b.build());
        assertEquals(CpuMask.parse("1-2,10,20"), b.build().toBuilder().set(20).build());
    }
}
