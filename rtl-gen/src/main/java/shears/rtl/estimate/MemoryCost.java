package shears.rtl.estimate;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;

/**
 * How one memory of a flat netlist is built, decided once ({@link #decide}); area, leakage and
 * dynamic power all read this decision, so no memory is costed two ways.
 *
 * <ul>
 *   <li>{@link Kind#SRAM_MACRO}: a RAM of at least {@link #SRAM_MIN_BITS} bits. Area from PyRTL's
 *       SRAM model; power is its per-access energy plus per-bit leakage; its decoders, output
 *       multiplexers and output latches are inside those figures, never charged as logic.
 *   <li>{@link Kind#FLOP_ARRAY}: a smaller RAM, built from flip-flops and multiplexers; its logic is
 *       costed like any other, its storage bits as flip-flops.
 *   <li>{@link Kind#ROM_LOGIC}: a ROM, folded into logic by synthesis; costed as that logic only.
 * </ul>
 *
 * @param index          the memory's index in the flat netlist
 * @param accessEnergyPj energy per read or write at the node's nominal supply (0 unless a macro)
 * @param leakageNw      static power at the node's nominal supply (0 unless a macro: the others'
 *                       leakage is their logic's)
 */
public record MemoryCost(
        int index, String name, Kind kind, long bits, double areaUm2, double accessEnergyPj, double leakageNw) {
    /** RAMs from this many bits on are SRAM macros; smaller ones flip-flop arrays. */
    public static final long SRAM_MIN_BITS = 1024;

    public enum Kind {
        SRAM_MACRO,
        FLOP_ARRAY,
        ROM_LOGIC
    }

    /** Every memory of {@code flat} with its kind and costs at {@code tech}. */
    public static List<MemoryCost> decide(Netlist flat, Technology tech) {
        List<MemoryCost> out = new ArrayList<>();
        List<Memory> mems = flat.top().memories();
        for (int k = 0; k < mems.size(); k++) {
            Memory m = mems.get(k);
            long bits = (long) m.width() * m.depth();
            if (m.isRom()) {
                out.add(new MemoryCost(k, m.name(), Kind.ROM_LOGIC, bits, 0, 0, 0));
            } else if (bits < SRAM_MIN_BITS) {
                out.add(new MemoryCost(k, m.name(), Kind.FLOP_ARRAY, bits, 0, 0, 0));
            } else {
                out.add(new MemoryCost(
                        k,
                        m.name(),
                        Kind.SRAM_MACRO,
                        bits,
                        sramAreaUm2(bits, tech.nodeNm()),
                        accessEnergyPj(m.width(), bits, tech),
                        bits * tech.sramLeakagePaPerBit() * tech.vddNominalV() / 1000.0));
            }
        }
        return List.copyOf(out);
    }

    /** True when memory {@code index} is an SRAM macro in {@code costs}. */
    public static boolean isMacro(List<MemoryCost> costs, int index) {
        return costs.get(index).kind() == Kind.SRAM_MACRO;
    }

    /**
     * SRAM macro area, PyRTL's model (pyrtl/analysis.py, as quoted in cost-sources.md), two ports:
     * mm2 = 0.001 * node_um^2.07 * bits^0.9 * ports^0.7 + 0.0048.
     */
    static double sramAreaUm2(long bits, int nodeNm) {
        int ports = 2;
        double mm2 =
                0.001 * Math.pow(nodeNm / 1000.0, 2.07) * Math.pow((double) bits, 0.9) * Math.pow(ports, 0.7) + 0.0048;
        return mm2 * 1e6;
    }

    /**
     * Per-access energy at the node's nominal supply: Horowitz's 10 pJ per 64-bit read of an 8 KB
     * SRAM at 45 nm, 0.9 V (ISSCC 2014; cost-sources.md), scaled by width, by the square root of the
     * size (bit-line and word-line length), by feature size and by V^2.
     */
    static double accessEnergyPj(int width, long bits, Technology tech) {
        return 10.0
                * (width / 64.0)
                * Math.sqrt(bits / 65536.0)
                * (tech.nodeNm() / 45.0)
                * Math.pow(tech.vddNominalV() / 0.9, 2);
    }
}
