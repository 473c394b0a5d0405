package shears.rtl.estimate;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shears.rtl.aig.AigBuilder;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;

/**
 * Area, FPGA resource and timing estimates from one bit-blast of the netlist (see {@link BitBlaster}).
 *
 * <p>ASIC: transistors = 16 per flip-flop + the and-inverter graph mapped onto NAND2/NOR2/NOT gates
 * by {@link CmosMapper} (the gate library and cost table of the Yosys cross-check, {@code abc -g cmos2;
 * stat -tech cmos}); gate equivalents = transistors / 4 (a NAND2); area = GE x the node's GE area,
 * with the RAMs {@link MemoryCost} makes SRAM macros replaced by the macro model.
 * FPGA: priority-cut LUT mapping (LUT4 for iCE40, LUT6 for 7-series) where the carry primitives own
 * the carry logic ({@code SB_CARRY}: carry and propagate, the sum in a LUT; {@code CARRY4}: carry
 * multiplexer and sum XOR, the propagate in a LUT), flip-flops absorbing enable (also from hold muxes)
 * and reset, 7-series multipliers on DSP48 blocks, RAMs on block or distributed RAM. Timing:
 * gates on the longest path of the NAND2/NOR2/NOT mapping x the node's gate delay plus flip-flop
 * overhead; on iCE40, the slowest path through the LUT cover and carry chains weighed with delays
 * fitted to nextpnr-ice40 ({@code fpga-timing.csv}, checked by {@link Ice40PlaceRoute}).
 */
public final class Estimator {
    /** Flip-flop clock-to-output plus setup, in gate delays. */
    static final double FLOP_OVERHEAD_GATES = 4;

    private Estimator() {}

    /**
     * @param gateEquivalents      the whole design as gates (RAMs as flip-flop arrays), Yosys's view
     * @param areaUm2              logic plus SRAM macros: {@code logicGateEquivalents} x GE area + {@code sramAreaUm2}
     * @param logicGateEquivalents everything but the SRAM macros (what leaks per GE)
     */
    public record Asic(
            long transistors,
            double gateEquivalents,
            double areaUm2,
            int flops,
            int aigAnds,
            double sramAreaUm2,
            int nodeNm,
            double logicGateEquivalents) {}

    public record Fpga(String family, int lutInputs, int luts, int ffs, int carries, int bram, int dsp, int lutram) {}

    public record Timing(int levels, double criticalPathPs, double fmaxMhz, List<String> path) {}

    /**
     * Register-to-register timing on an FPGA after placement and routing, estimated from the LUT cover:
     * the slowest path's LUTs and carry-chain bits weighed with the family's delays ({@code fpga-timing.csv}).
     */
    public record FpgaTiming(
            String family, int lutLevels, int carryBits, double pathNs, double fmaxMhz, List<String> path) {}

    /**
     * @param cellGateEquivalents gate equivalents attributed to each net of the flat netlist: the live AND
     *                            nodes its cell produced (their mapped transistors over 4), 4 GE per
     *                            flip-flop bit of registers and read ports; SRAM macros ({@link MemoryCost})
     *                            are not logic, so their multiplexers and read latches are left out. What
     *                            power estimation weighs toggles by
     * @param memories            how each memory is built and what it costs: the one decision area and power read
     */
    public record Estimate(
            Asic asic,
            Fpga ice40,
            Fpga xilinx,
            Timing timing,
            FpgaTiming ice40Timing,
            double seconds,
            double[] cellGateEquivalents,
            List<MemoryCost> memories) {}

    public static Estimate estimate(Netlist netlist, int nodeNm) {
        long t0 = System.nanoTime();
        Netlist flat = netlist.flatten();
        // The three targets are independent bit-blasts. iCE40 (4-input LUTs, the costliest mapping) runs
        // on a helper thread beside the ASIC estimate from the start; 7-series goes to whichever of the
        // two finishes first (a FutureTask runs once, on the first thread to call run; on two cores
        // neither job is always the longer one). A plain thread: no pool to start on a first call.
        java.util.concurrent.FutureTask<Mapped> ice40Job =
                new java.util.concurrent.FutureTask<>(() -> fpga(flat, "ice40", 4, false));
        java.util.concurrent.FutureTask<Mapped> xilinxJob =
                new java.util.concurrent.FutureTask<>(() -> fpga(flat, "xilinx7", 6, true));
        Thread helper = new Thread(
                () -> {
                    ice40Job.run();
                    xilinxJob.run();
                },
                "shears-estimate");
        helper.setDaemon(true);
        helper.start();
        Technology tech = Technology.node(nodeNm);
        BitBlaster.Result gates = BitBlaster.blast(flat, BitBlaster.Target.GATES);
        boolean[] live = new boolean[gates.aig().size()];
        int ands = gates.aig().liveAnds(gates.roots(), live);
        CmosMapper.Result cmos = CmosMapper.map(gates.aig(), gates.roots(), live);
        long transistors = Math.round(Technology.TRANSISTORS_PER_DFF * (long) gates.flops() + cmos.transistors());
        double ge = transistors / (double) Technology.TRANSISTORS_PER_NAND2;
        List<MemoryCost> memories = MemoryCost.decide(flat, tech);
        double sram = memories.stream().mapToDouble(MemoryCost::areaUm2).sum();
        double logicGe = ge;
        double[] cellGe;
        if (memories.stream().anyMatch(m -> m.kind() == MemoryCost.Kind.SRAM_MACRO)) {
            // The logic without the macros, plus each macro by the SRAM model; power weighs the same logic.
            Blasted noRam = blastWithoutMacros(flat);
            logicGe = (Technology.TRANSISTORS_PER_DFF * (double) noRam.gates().flops()
                            + noRam.cmos().transistors())
                    / Technology.TRANSISTORS_PER_NAND2;
            cellGe = attribute(flat, noRam.gates(), noRam.cmos(), memories);
        } else {
            cellGe = attribute(flat, gates, cmos, memories);
        }
        double area = logicGe * tech.geAreaUm2() + sram;
        Asic asic = new Asic(transistors, ge, area, gates.flops(), ands, sram, nodeNm, logicGe);
        Timing timing = timing(flat.top(), gates, cmos.delay(), tech);
        xilinxJob.run(); // no-op if the helper thread has taken it
        Mapped ice40 = result(ice40Job);
        Mapped xilinx = result(xilinxJob);
        return new Estimate(
                asic,
                ice40.fpga(),
                xilinx.fpga(),
                timing,
                ice40.timing(),
                (System.nanoTime() - t0) / 1e9,
                cellGe,
                memories);
    }

    /** An FPGA target's resources and (where the family has delay figures) its timing; null timing otherwise. */
    private record Mapped(Fpga fpga, FpgaTiming timing) {}

    private static Mapped result(java.util.concurrent.FutureTask<Mapped> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private record Blasted(BitBlaster.Result gates, CmosMapper.Result cmos) {}

    /** The gate-level blast with the SRAM macros as black boxes, mapped to CMOS. */
    private static Blasted blastWithoutMacros(Netlist flat) {
        BitBlaster.Result r = BitBlaster.blast(flat, BitBlaster.Target.GATES_SRAM_MACROS);
        boolean[] live = new boolean[r.aig().size()];
        r.aig().liveAnds(r.roots(), live);
        return new Blasted(r, CmosMapper.map(r.aig(), r.roots(), live));
    }

    private static double[] attribute(
            Netlist flat, BitBlaster.Result r, CmosMapper.Result cmos, List<MemoryCost> memories) {
        AigBuilder g = cmos.aig();
        double[] ge = new double[flat.top().size()];
        for (int i = 1; i < g.size(); i++) {
            if (cmos.nodeTransistors()[i] > 0 && g.origin(i) >= 0) {
                ge[g.origin(i)] += cmos.nodeTransistors()[i] / Technology.TRANSISTORS_PER_NAND2;
            }
        }
        for (int i = 0; i < ge.length; i++) {
            Cell c = flat.top().cell(i);
            boolean macroPort = c.op() == Op.MEM_READ && MemoryCost.isMacro(memories, c.aux());
            if (c.op().isState() && !macroPort) {
                ge[i] += c.width() * (double) Technology.TRANSISTORS_PER_DFF / Technology.TRANSISTORS_PER_NAND2;
            }
        }
        return ge;
    }

    /**
     * Cost of a 7-series LUT by its number of inputs in the mapping the cross-check runs:
     * {@code synth_xilinx} maps with {@code abc -luts 2:2,3,6:5,10,20} (1-2 inputs cost 2, 3 cost 3, 4-6
     * cost 5; the 7- and 8-input sizes, two and four LUT6 with wide muxes, are left out: they cost
     * exactly as many LUT6). {@code synth_ice40} maps with {@code abc -lut 4}: every LUT alike.
     */
    private static final double[] XILINX_LUT_COST = {2, 2, 2, 3, 5, 5, 5};

    private static Mapped fpga(Netlist flat, String family, int k, boolean xilinx) {
        BitBlaster.Result r = BitBlaster.blast(
                flat,
                new BitBlaster.Target(
                        true,
                        xilinx,
                        true,
                        xilinx ? 64 : 0,
                        xilinx ? BitBlaster.Carry.LUT_PROPAGATE : BitBlaster.Carry.LUT_SUM,
                        0,
                        m -> romInBlocks(m, xilinx)));
        AigBuilder g = r.aig();
        boolean[] live = new boolean[g.size()];
        g.liveAnds(r.roots(), live);
        boolean[] free = new boolean[g.size()];
        int carries = 0;
        for (int i = 1; i < g.size(); i++) {
            free[i] = g.isHard(i);
            if (g.isCarry(i) && live[i]) {
                carries++;
            }
        }
        LutMapper.Cover cover =
                LutMapper.cover(g, r.roots(), k, free, xilinx ? XILINX_LUT_COST : LutMapper.unitCosts(k));
        int luts = cover.luts();
        FpgaTiming timing = null;
        if (!xilinx) {
            LutMapper.Path p =
                    LutMapper.criticalPath(g, r.roots(), free, ramOutputs(flat, r), cover, Technology.ICE40_DELAYS);
            Set<String> cells = new LinkedHashSet<>();
            for (int node : p.nodes()) {
                if (g.origin(node) >= 0) {
                    cells.add(describe(flat.top(), g.origin(node)));
                }
            }
            timing = new FpgaTiming(family, p.luts(), p.carryBits(), p.ns(), 1e3 / p.ns(), List.copyOf(cells));
        }
        int dsp = 0;
        int fabricAdderBits = 0;
        for (int[] mul : r.multipliers()) {
            // Only the product bits something uses (synthesis narrows the multiplier to them).
            int width = 0;
            for (int bit = 0;
                    mul[2] + bit < g.size() && g.isInput(mul[2] + bit) && g.origin(mul[2] + bit) == g.origin(mul[2]);
                    bit++) {
                if (live[mul[2] + bit]) {
                    width = bit + 1;
                }
            }
            int[] tiles = dspTiles(mul[0], mul[1], width);
            dsp += tiles[0];
            fabricAdderBits += tiles[1];
        }
        luts += fabricAdderBits + r.invertedCarryInputs();
        if (!xilinx) {
            // iCE40 flip-flops and ports take no inversion: a signal needed as the complement of an
            // input or flip-flop output is a LUT (7-series has INV cells, which are not LUTs).
            java.util.BitSet inverted = new java.util.BitSet();
            for (int lit : r.roots()) {
                if ((lit & 1) != 0 && lit > 1 && g.isInput(lit >> 1)) {
                    inverted.set(lit >> 1);
                }
            }
            luts += inverted.cardinality();
        }
        carries += fabricAdderBits;
        int bram = 0;
        int lutram = 0;
        Map<Memory, Integer> readPorts = readPorts(flat.top());
        for (Memory m : r.blackBoxMemories()) {
            int ports = Math.max(1, readPorts.getOrDefault(m, 0));
            if (!xilinx) {
                // an EBR has one read port: a copy per port
                bram += ice40Ebrs(m.width(), m.depth()) * ports;
            } else if (m.isRom()) {
                // both ports of a RAMB18 read a ROM
                bram += xilinxRamb18s(m.width(), m.depth()) * ((ports + 1) / 2);
            } else if (m.depth() <= 32) {
                lutram += (m.width() + 5) / 6;
            } else if (m.depth() <= 64) {
                lutram += (m.width() + 2) / 3;
            } else {
                // one port of a RAMB18 writes, the other reads: a copy per read port
                bram += xilinxRamb18s(m.width(), m.depth()) * ports;
            }
        }
        return new Mapped(
                new Fpga(family, k, luts, r.flops(), xilinx ? (carries + 3) / 4 : carries, bram, dsp, lutram), timing);
    }

    /**
     * Logic bits one block RAM is worth when synthesis decides where a ROM goes (Yosys's
     * memory_libmap weighs the blocks a ROM takes against its bits as logic). Fitted to Yosys 0.23 on
     * ROMs with a registered read: iCE40 puts 100 x 8 and 64 x 72 in LUTs, 200 x 8, 256 x 16, 416 x 8,
     * 225 x 64 and 1024 x 8 in EBRs; 7-series puts 416 x 8, 1024 x 8 and 225 x 64 in LUTs, 2048 x 8
     * and 512 x 36 in RAMB18s.
     */
    static final int ICE40_EBR_WORTH_BITS = 1024;

    static final int XILINX_RAMB18_WORTH_BITS = 15_360;

    /** Whether synthesis puts ROM {@code m} in block RAM on the family. */
    static boolean romInBlocks(Memory m, boolean xilinx) {
        long bits = (long) m.width() * m.depth();
        return xilinx
                ? bits > (long) XILINX_RAMB18_WORTH_BITS * xilinxRamb18s(m.width(), m.depth())
                : bits > (long) ICE40_EBR_WORTH_BITS * ice40Ebrs(m.width(), m.depth());
    }

    /** Read ports of each memory of a flat module, counted in one pass (memories by identity). */
    private static Map<Memory, Integer> readPorts(NetlistModule top) {
        Map<Memory, Integer> ports = new IdentityHashMap<>();
        for (Cell c : top.cells()) {
            if (c.op() == Op.MEM_READ) {
                ports.merge(top.memories().get(c.aux()), 1, Integer::sum);
            }
        }
        return ports;
    }

    /** 7-series RAMB18s for a memory: the cheapest of the 16K x 1 ... 512 x 36 shapes. */
    static int xilinxRamb18s(int width, int depth) {
        int[] widths = {1, 2, 4, 9, 18, 36};
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < widths.length; i++) {
            int d = 16_384 >> i;
            best = Math.min(best, ((width + widths[i] - 1) / widths[i]) * ((depth + d - 1) / d));
        }
        return best;
    }

    /** iCE40 4-kbit EBRs for a memory: the cheapest of the 256x16, 512x8, 1024x4 and 2048x2 shapes. */
    static int ice40Ebrs(int width, int depth) {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            int d = 256 << i;
            int w = 16 >> i;
            best = Math.min(best, ((width + w - 1) / w) * ((depth + d - 1) / d));
        }
        return best;
    }

    /** The graph's inputs that are read ports of memories placed on RAM blocks (they start a path late). */
    static boolean[] ramOutputs(Netlist flat, BitBlaster.Result r) {
        AigBuilder g = r.aig();
        boolean[] ram = new boolean[g.size()];
        for (int i = 1; i < g.size(); i++) {
            if (g.isInput(i) && g.origin(i) >= 0) {
                Cell c = flat.top().cell(g.origin(i));
                ram[i] = c.op() == shears.rtl.ir.Op.MEM_READ
                        && r.blackBoxMemories().contains(flat.top().memories().get(c.aux()));
            }
        }
        return ram;
    }

    /**
     * DSP48 blocks of a multiplier and the adder bits it needs in the fabric, following Yosys's
     * {@code mul2dsp} for 7-series ({@code DSP_A_MAXWIDTH=25, DSP_B_MAXWIDTH=18,
     * DSP_A_MAXWIDTH_PARTIAL=18, DSP_SIGNEDONLY}): unsigned operands gain a sign bit, the wider goes
     * to A, A is cut into 17-bit slices while wider than 25, then B into 17-bit slices while wider than
     * 18; slices wholly above the used product bits are dropped. Partial sums of single blocks ride the
     * 17-bit cascade; adding a partial that is itself a chain of blocks takes a fabric adder over the
     * product bits above its offset.
     *
     * @return {DSP blocks, fabric adder bits}
     */
    static int[] dspTiles(int widthA, int widthB, int productBits) {
        if (productBits == 0) {
            return new int[] {0, 0};
        }
        int a = Math.max(widthA, widthB) + 1;
        int b = Math.min(widthA, widthB) + 1;
        int[] r = dspSplit(a, b, productBits, 0);
        return new int[] {r[0], r[1]};
    }

    /** {blocks, fabric adder bits} of an a x b partial product at bit offset {@code shift}. */
    private static int[] dspSplit(int a, int b, int productBits, int shift) {
        if (shift >= productBits) {
            return new int[] {0, 0};
        }
        boolean splitA = a > 25;
        if (!splitA && b <= 18) {
            return new int[] {1, 0};
        }
        int whole = splitA ? a : b;
        int n = (whole - (splitA ? 25 : 18) + 16) / 17;
        int dsp = 0;
        int fabric = 0;
        for (int i = 0; i <= n; i++) {
            int slice = i < n ? 18 : whole - 17 * n;
            int[] part = splitA
                    ? dspSplit(slice, b, productBits, shift + 17 * i)
                    : dspSplit(a, slice, productBits, shift + 17 * i);
            dsp += part[0];
            fabric += part[1];
            if (i > 0 && part[0] > 1) {
                fabric += Math.max(0, productBits - shift - 17 * i);
            }
        }
        return new int[] {dsp, fabric};
    }

    /** A cell as a path lists it: its name (or %net) with its operation and width. */
    private static String describe(NetlistModule m, int net) {
        Cell c = m.cell(net);
        return (c.name() != null ? c.name() : "%" + net) + " (" + c.op().name().toLowerCase(java.util.Locale.ROOT) + " "
                + c.width() + "b)";
    }

    /**
     * Critical path: the gates on the longest path of the NAND2/NOR2/NOT mapping ({@link CmosMapper},
     * inverters included, the figure Yosys's {@code ltp} reports on the mapped netlist) times the node's
     * gate delay, plus flip-flop overhead; the cells along it are read off the deepest path of the
     * and-inverter graph.
     */
    private static Timing timing(NetlistModule m, BitBlaster.Result r, int gateLevels, Technology tech) {
        AigBuilder g = r.aig();
        int[] level = new int[g.size()];
        for (int i = 1; i < g.size(); i++) {
            if (g.isAnd(i)) {
                level[i] = 1 + Math.max(level[g.fanin0(i) >> 1], level[g.fanin1(i) >> 1]);
            }
        }
        int worst = 0;
        int end = 0;
        for (int root : r.roots()) {
            if (level[root >> 1] > worst) {
                worst = level[root >> 1];
                end = root >> 1;
            }
        }
        Set<String> path = new LinkedHashSet<>();
        int node = end;
        while (node > 0 && g.isAnd(node)) {
            int o = g.origin(node);
            if (o >= 0) {
                path.add(describe(m, o));
            }
            int a = g.fanin0(node) >> 1;
            int b = g.fanin1(node) >> 1;
            node = level[a] >= level[b] ? a : b;
        }
        List<String> ordered = new ArrayList<>(path);
        java.util.Collections.reverse(ordered);
        double ps = (gateLevels + FLOP_OVERHEAD_GATES) * tech.gateDelayPs();
        return new Timing(gateLevels, ps, 1e6 / ps, ordered);
    }
}
