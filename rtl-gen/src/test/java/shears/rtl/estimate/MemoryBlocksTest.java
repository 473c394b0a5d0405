package shears.rtl.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shears.rtl.hdl.HdlType.uint;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;

/**
 * Where memories go, against Yosys: a ROM with a registered read in block RAM or in LUTs as Yosys's
 * memory_libmap decides per family, and a RAM with two read ports as two block-RAM copies. The block
 * counts must equal Yosys's exactly.
 */
class MemoryBlocksTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    /** A ROM of random words read through a register, or a RAM written on one port and read on {@code reads}. */
    private static Netlist memory(int width, int depth, int reads) {
        ModuleBuilder b = new ModuleBuilder("mem");
        int aw = 64 - Long.numberOfLeadingZeros(depth - 1);
        Mem m;
        if (reads == 0) {
            Random r = new Random(width * 31L + depth);
            long[] words = new long[depth];
            for (int i = 0; i < depth; i++) {
                words[i] = r.nextLong() & ((1L << Math.min(width, 62)) - 1);
            }
            m = b.rom("m", uint(width), words);
            b.assign(b.output("q", uint(width)), m.read("rd", b.input("a", uint(aw))));
        } else {
            m = b.ram("m", uint(width), depth);
            m.write(b.input("we", uint(1)), b.input("wa", uint(aw)), b.input("d", uint(width)));
            for (int i = 0; i < reads; i++) {
                Signal q = m.read("rd" + i, b.input("a" + i, uint(aw)));
                b.assign(b.output("q" + i, uint(width)), q);
            }
        }
        return PassPipeline.standard().run(b.build().netlist());
    }

    @ParameterizedTest(name = "{0} x {1}, {2} read ports (0: ROM)")
    @CsvSource({
        // ROMs: iCE40 keeps 100 x 8 in LUTs, puts 416 x 8 in an EBR; 7-series keeps both in LUTs
        "8, 100, 0, 0, 0",
        "8, 416, 0, 1, 0",
        "36, 512, 0, 5, 1",
        // a RAM read on two ports: a copy per port on both families
        "8, 1024, 2, 4, 2",
    })
    void blockCountsEqualYosys(int width, int depth, int reads, int ebrs, int ramb18s) throws IOException {
        ToolCheck.require("yosys");
        Netlist nl = memory(width, depth, reads);
        Estimator.Estimate e = Estimator.estimate(nl, 65);
        YosysCrossCheck.Result y = YosysCrossCheck.run(nl);
        assertEquals(ebrs, y.ice40().bram(), "Yosys's EBRs (the recorded facts the rule was fitted to)");
        assertEquals(ramb18s, y.xilinx().bram(), "Yosys's RAMB18s");
        assertEquals(y.ice40().bram(), e.ice40().bram(), "estimated EBRs");
        assertEquals(y.xilinx().bram(), e.xilinx().bram(), "estimated RAMB18s");
        CASES.incrementAndGet();
    }

    @AfterAll
    static void allRan() {
        assertEquals(4, CASES.get(), "memory cases run");
    }
}
