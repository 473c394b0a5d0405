package shears.rtl.aig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.util.InputFormatException;

class LogicIoTest {
    static final String FULL_ADDER = """
            # a full adder
            .model fa
            .inputs a b \\
              cin
            .outputs s cout one
            .names a b x
            10 1
            01 1
            .names x cin s
            10 1
            01 1
            .names a b cin cout
            11- 1
            1-1 1
            -11 1
            .names one
            1
            .end
            """;

    static Aig fullAdder() {
        return Blif.parse(FULL_ADDER.lines().toList(), "fa.blif");
    }

    @Test
    void blifComputesTheTruthTable() {
        Aig fa = fullAdder();
        long[][] in = {{0xAAL}, {0xCCL}, {0xF0L}};
        long[][] out = BitSim.outputs(fa, BitSim.simulate(fa, in));
        assertEquals(0x96L, out[0][0] & 0xFF, "sum = a ^ b ^ cin");
        assertEquals(0xE8L, out[1][0] & 0xFF, "carry = majority");
        assertEquals(-1L, out[2][0], "constant one");
    }

    @Test
    void offSetCoversAreComplemented() {
        Aig g = Blif.parse(List.of(".model t", ".inputs a b", ".outputs y", ".names a b y", "11 0", ".end"), "t.blif");
        long[][] out = BitSim.outputs(g, BitSim.simulate(g, new long[][] {{0xAL}, {0xCL}}));
        assertEquals(0x7L, out[0][0] & 0xF, "NAND");
    }

    @Test
    void roundTripsThroughEveryFormat() {
        Aig fa = fullAdder();
        Aig viaBlif = Blif.parse(Blif.write(fa, "fa").lines().toList(), "w.blif");
        Aig viaAscii = Aiger.parse(Aiger.writeAscii(fa).getBytes(StandardCharsets.US_ASCII), "w.aag");
        Aig viaBinary = Aiger.parse(Aiger.writeBinary(fa), "w.aig");
        for (Aig g : List.of(viaBlif, viaAscii, viaBinary)) {
            assertEquals(fa.inputNames(), g.inputNames());
            assertEquals(fa.outputNames(), g.outputNames());
            assertTrue(Cec.check(fa, g).equivalent());
        }
        assertEquals(fa, viaBinary, "binary AIGER keeps the exact graph");
    }

    @Test
    void cecFindsADifferenceAndShowsIt() {
        Aig fa = fullAdder();
        Aig broken = Blif.parse(
                FULL_ADDER
                        .replace("-11 1", "011 1")
                        .replace("1-1 1", "101 1")
                        .replace("11- 1", "110 1")
                        .lines()
                        .toList(),
                "b.blif");
        Cec.Verdict v = Cec.check(fa, broken);
        assertFalse(v.equivalent());
        assertEquals("cout", v.output().orElseThrow());
        // the counter-example really separates them
        long[][] in = new long[3][1];
        for (int i = 0; i < 3; i++) {
            in[i][0] = v.inputs().get(fa.inputNames().get(i)) ? 1 : 0;
        }
        long a = BitSim.outputs(fa, BitSim.simulate(fa, in))[1][0] & 1;
        long b = BitSim.outputs(broken, BitSim.simulate(broken, in))[1][0] & 1;
        assertTrue(a != b);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("blif", ".model m\n.inputs a\n.outputs y\n.latch a y 0\n.end\n", "x.blif:4: sequential"),
                Arguments.of(
                        "blif",
                        ".model m\n.inputs a\n.outputs y\n.names a q y\n11 1\n.end\n",
                        "x.blif:4: signal 'q' used by 'y' is never defined"),
                Arguments.of(
                        "blif",
                        ".model m\n.inputs a\n.outputs y\n.names a z y\n11 1\n.names y z\n1 1\n.end\n",
                        "combinational loop"),
                Arguments.of(
                        "blif", ".model m\n.inputs a\n.outputs y\n.names a y\n1x 1\n.end\n", "x.blif:5: bad cover row"),
                Arguments.of(
                        "blif",
                        ".model m\n.inputs a\n.outputs y\n.names a y\n1 1\n.names a y\n0 1\n.end\n",
                        "x.blif:6: signal 'y' is defined twice"),
                Arguments.of("blif", ".model m\n.inputs a\n.outputs y\n.end\n", "output 'y' is never defined"),
                Arguments.of("aag", "aig2 1 1 0 1 0\n2\n2\n", "x.aag:1: not an AIGER file"),
                Arguments.of("aag", "aag 1 1 1 1 0\n2\n2 3\n2\n", "x.aag:1: sequential AIGER"),
                Arguments.of("aag", "aag 3 1 0 1 1\n2\n6\n6 4 2\n", "literal 4 is used but never defined"),
                Arguments.of("aag", "aag 3 1 0 1 2\n2\n6\n4 6 2\n6 4 2\n", "combinational cycle"),
                Arguments.of("aag", "aag 1 1 0 1 0\n2\n9\n", "x.aag:3: literal 9 exceeds"),
                Arguments.of("aig", "aig 2 1 0 1 1\n4\n", "x.aig:3: truncated binary AND section"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badFiles")
    void malformedNetlistsGiveOneLineErrorsWithFileAndLine(String kind, String text, String expected) {
        InputFormatException e = assertThrows(InputFormatException.class, () -> {
            if (kind.equals("blif")) {
                Blif.parse(text.lines().toList(), "x.blif");
            } else {
                Aiger.parse(text.getBytes(StandardCharsets.US_ASCII), "x." + kind);
            }
        });
        assertTrue(e.getMessage().contains(expected) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void binaryHeaderFieldsAndDeltasDecode() {
        // aig 3 2 0 1 1: AND 6 = 4 & 2, output 6; deltas 6-4 = 2, 4-2 = 2
        byte[] bytes = {'a', 'i', 'g', ' ', '3', ' ', '2', ' ', '0', ' ', '1', ' ', '1', '\n', '6', '\n', 2, 2};
        Aig g = Aiger.parse(bytes, "t.aig");
        assertEquals(1, g.andCount());
        long[][] out = BitSim.outputs(g, BitSim.simulate(g, new long[][] {{0xAL}, {0xCL}}));
        assertArrayEquals(new long[] {0x8L}, new long[] {out[0][0] & 0xF});
    }
}
