package shears.rtl.estimate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.rtl.aig.AigBuilder;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;

/**
 * Lowers a flat netlist to an {@link AigBuilder} in the structures the Yosys flow of each target builds:
 * adders, subtracters and comparisons on the carry primitives of FPGA targets (carry nodes marked) and
 * as Brent-Kung adders at gate level (ripple chains up to 16 bits), multipliers as {@code maccmap} rows of full adders (7-series:
 * column-wise compression in LUTs, or DSP48 tiles), barrel shifters, mux trees;
 * registers with their enable and synchronous reset as next-state muxes; memories as flip-flops with
 * write decoders and read mux trees (ROM words as constants, which constant propagation folds). Then
 * what synthesis removes: register bits that can hold only one value (iterated to a fixed point),
 * functionally equivalent nodes ({@link AigBuilder#mergeEquivalent}), logic that reaches no port.
 */
final class BitBlaster {
    /**
     * @param aig              the graph
     * @param roots            literals that must be computed: outputs, live flip-flops' next states and
     *                         control, inputs of DSP blocks and memory macros
     * @param flops            live flip-flop bits (registers, read-port registers, RAM words)
     * @param multipliers      each multiplier put on DSP blocks: {operand width, operand width, node of
     *                         product bit 0} (product bit k is that node + k)
     * @param blackBoxMemories RAMs implemented as memory macros
     * @param invertedCarryInputs inputs and flip-flop outputs that an iCE40 carry cell reads inverted:
     *                         its pins take no inversion, so each costs a LUT ({@code a - b}, comparisons)
     */
    record Result(
            AigBuilder aig,
            int[] roots,
            int flops,
            List<int[]> multipliers,
            List<Memory> blackBoxMemories,
            int invertedCarryInputs) {}

    /**
     * How the target implements things a generic gate library does not.
     *
     * @param fpgaFlops        flip-flops absorb enable and synchronous reset (no next-state muxes)
     * @param multipliersAsDsp multipliers become DSP blocks (their outputs are free inputs here)
     * @param ramsAsMacros     RAMs of at least {@code macroMinBits} bits become memory macros (BRAM/LUTRAM,
     *                         SRAM), read ports included
     * @param lutramMaxDepth   RAMs up to this depth are distributed RAM, whose asynchronous read needs
     *                         the read-port register as flip-flops (0: every macro registers inside)
     * @param macroMinBits     the smallest RAM (width x depth) that is a macro when {@code ramsAsMacros}
     * @param romAsBlock       which ROMs synthesis puts in block RAM, read register included (the
     *                         others are logic)
     */
    record Target(
            boolean fpgaFlops,
            boolean multipliersAsDsp,
            boolean ramsAsMacros,
            int lutramMaxDepth,
            Carry carry,
            long macroMinBits,
            java.util.function.Predicate<Memory> romAsBlock) {
        static final Target GATES = new Target(false, false, false, 0, Carry.NONE, 0, m -> false);
        /** Gates with the RAMs {@link MemoryCost} makes SRAM macros as black boxes; ROMs stay logic. */
        static final Target GATES_SRAM_MACROS =
                new Target(false, false, true, 0, Carry.NONE, MemoryCost.SRAM_MIN_BITS, m -> false);
    }

    /** How adders, subtracters, comparators and multiplier rows use the target's carry primitives. */
    enum Carry {
        /** Gates only: a full adder is 7 AND nodes. */
        NONE,
        /**
         * iCE40 {@code SB_CARRY}: the primitive computes the carry from both operands and the carry in;
         * the sum (a ^ b ^ c) is one LUT per bit.
         */
        LUT_SUM,
        /**
         * 7-series {@code CARRY4}: a LUT per bit computes the propagate a ^ b; the carry multiplexer
         * (p ? c : a) and the sum XOR (p ^ c) are inside the primitive.
         */
        LUT_PROPAGATE
    }

    private final NetlistModule m;
    private final Target target;
    private final AigBuilder g = new AigBuilder();
    private final int[][] bits;
    private final List<int[]> multipliers = new ArrayList<>();
    /** State bits: {q input node, next-state literal, then enable and reset literals on FPGA targets}. */
    private final List<int[]> state = new ArrayList<>();
    /** For register bits, by state index: {d, enable, reset, reset value or -1}; null for memory bits. */
    private final List<int[]> regInputs = new ArrayList<>();

    private final List<Integer> fixedRoots = new ArrayList<>();
    /** DSP block (index into {@link #multipliers}) producing each net, or -1. */
    private int[] dspOf;
    /** The multiplier cell of each DSP block. */
    private final List<Integer> dspCells = new ArrayList<>();
    /** How many cells, ports and memory ports read each net. */
    private int[] users;
    /** DSP blocks whose output register (PREG) already holds a register of the design. */
    private final java.util.Set<Integer> dspOutputRegistered = new java.util.HashSet<>();
    /** iCE40 carry cells' operand pins: {literal, the cell's first node, one past its last}. */
    private final List<int[]> carryPins = new ArrayList<>();

    private final java.util.Set<Integer> absorbedAdders = new java.util.HashSet<>();
    private int lutramReadFlops;

    /**
     * Register bits known constant, by register cell: literal {@link AigBuilder#FALSE}/{@link AigBuilder#TRUE}, or -1.
     * Synthesis removes such flip-flops (Yosys {@code opt_dff}) and propagates the constant.
     */
    private final java.util.Map<Integer, int[]> constantRegBits;

    private boolean foundConstant;

    private BitBlaster(NetlistModule m, Target target, java.util.Map<Integer, int[]> constantRegBits) {
        this.m = m;
        this.target = target;
        this.bits = new int[m.size()][];
        this.constantRegBits = constantRegBits;
    }

    static Result blast(Netlist netlist, Target target) {
        Netlist flat = netlist.flatten();
        java.util.Map<Integer, int[]> constants = new java.util.HashMap<>();
        while (true) {
            // Each round may expose more constant registers (a constant feeding another's next state).
            BitBlaster b = new BitBlaster(flat.top(), target, constants);
            Result r = b.run(flat);
            if (!b.foundConstant) {
                return r;
            }
        }
    }

    /**
     * Finds register bits that can only hold one value, the rules of Yosys's {@code opt_dff}: the next
     * state is a constant, or the register never changes (next state is its own output or the enable
     * is constant false); a register with a reset qualifies only if the reset value is that constant.
     * An uninitialised register's power-up value is undefined, so it counts as that constant too.
     */
    /**
     * Register bits whose next state, enable, reset and reset value are structurally the same are one
     * flip-flop (Yosys {@code opt_merge}, which compares structure, not function): the later ones'
     * outputs are replaced by the first's. {@code lits} (roots, then each state's literals) are
     * rewritten. Returns which states were merged away.
     */
    private boolean[] mergeIdenticalRegisters(int[][] lits) {
        int n = state.size();
        boolean[] merged = new boolean[n];
        java.util.Map<List<Integer>, Integer> first = new java.util.HashMap<>();
        int[] rep = new int[g.size()];
        boolean any = false;
        for (int i = 0; i < rep.length; i++) {
            rep[i] = 2 * i;
        }
        for (int k = 0; k < n; k++) {
            int[] in = regInputs.get(k);
            if (in == null) {
                continue;
            }
            List<Integer> key = List.of(in[0], in[1], in[2], in[3]);
            Integer other = first.putIfAbsent(key, k);
            if (other != null) {
                merged[k] = true;
                rep[state.get(k)[0]] = 2 * state.get(other)[0];
                any = true;
            }
        }
        if (any) {
            // A merged output may be used before the kept flip-flop's node: inputs have no fan-ins, so
            // rewriting every fan-in keeps the graph well formed.
            g.replace(rep, lits);
        }
        return merged;
    }

    private void findConstantBits(int cell, int[] d, int[] q, int en, int[] resetValue) {
        int[] known = constantRegBits.computeIfAbsent(cell, k -> {
            int[] a = new int[d.length];
            java.util.Arrays.fill(a, -1);
            return a;
        });
        for (int b = 0; b < d.length; b++) {
            if (known[b] >= 0) {
                continue;
            }
            boolean holds = en == AigBuilder.FALSE || d[b] == q[b];
            int v = d[b] <= AigBuilder.TRUE
                    ? d[b]
                    : holds ? (resetValue != null ? resetValue[b] : AigBuilder.FALSE) : -1;
            if (v >= 0 && (resetValue == null || resetValue[b] == v)) {
                known[b] = v;
                foundConstant = true;
            }
        }
    }

    private int[] registerBits(int cell, int width) {
        int[] r = inputs(width);
        int[] known = constantRegBits.get(cell);
        if (known != null) {
            for (int b = 0; b < width; b++) {
                if (known[b] >= 0) {
                    r[b] = known[b];
                }
            }
        }
        return r;
    }

    /** The net a value comes from through extensions and aliases. */
    private int source(int net) {
        Cell c = m.cell(net);
        while (c.op() == Op.ZEXT || c.op() == Op.SEXT || c.op() == Op.ALIAS) {
            net = c.in(0);
            c = m.cell(net);
        }
        return net;
    }

    /**
     * The net under zero extensions: a DSP input register must drive the port bit for bit (Yosys 0.23
     * matches no sign-extended register; zero bits it narrows away first).
     */
    private int unextended(int net) {
        Cell c = m.cell(net);
        while (c.op() == Op.ZEXT || c.op() == Op.ALIAS) {
            net = c.in(0);
            c = m.cell(net);
        }
        return net;
    }

    /** The net a register loads: its input, or the data side of a hold mux (D = en ? x : Q is an enable). */
    private int registerData(int reg) {
        int d = m.cell(reg).in(0);
        Cell dc = m.cell(d);
        if (dc.op() == Op.MUX && (dc.in(1) == reg || dc.in(2) == reg)) {
            return dc.in(1) == reg ? dc.in(2) : dc.in(1);
        }
        return d;
    }

    private static boolean zeroReset(Cell reg) {
        return reg.value() == null || reg.value().signum() == 0;
    }

    /** Whether multiplier cell {@code mul} fits one DSP48 (wider ones are several blocks and adders). */
    private boolean singleBlock(int mul) {
        return dspTiles(dspOf[mul])[0] == 1;
    }

    /** {@link Estimator#dspTiles} of DSP block {@code dsp}'s multiplier. */
    private int[] dspTiles(int dsp) {
        int[] w = multipliers.get(dsp);
        return Estimator.dspTiles(w[0], w[1], m.cell(dspCells.get(dsp)).width());
    }

    /** Width up to the highest bit that is not constant zero. */
    private static int significantBits(int[] lits) {
        int w = lits.length;
        while (w > 0 && lits[w - 1] == AigBuilder.FALSE) {
            w--;
        }
        return w;
    }

    /**
     * How many low bits of register {@code reg} stay flip-flops in the fabric: all of them, unless the
     * register takes a DSP multiplier's output and becomes the output register of its last block
     * (Yosys xilinx_dsp: MREG/PREG, accumulators included) — the output feeds only this register, which
     * resets to zero or not at all, and the block has no output register yet. A product spread over
     * cascaded blocks leaves the 17 bits each earlier block settles in the fabric; one summed by fabric
     * adders ends in LUTs, so its register stays.
     */
    private int dspOutputRegister(int reg) {
        Cell c = m.cell(reg);
        if (!target.multipliersAsDsp() || !zeroReset(c)) {
            return c.width();
        }
        int d = registerData(reg);
        int src = source(d);
        int dsp = dspOf[src];
        if (dsp < 0 || users[src] != 1 || users[d] != 1 || dspOutputRegistered.contains(dsp)) {
            return c.width();
        }
        int[] tiles = dspTiles(dsp);
        if (tiles[1] > 0) {
            return c.width();
        }
        dspOutputRegistered.add(dsp);
        return 17 * (tiles[0] - 1);
    }

    private boolean shiftedConstant(int net) {
        Cell c = m.cell(source(net));
        return c.op() == Op.CONST && c.value().signum() != 0 && c.value().getLowestSetBit() > 0;
    }

    private boolean macroRam(int memIndex) {
        Memory mem = m.memories().get(memIndex);
        if (!target.ramsAsMacros()) {
            return false;
        }
        if (mem.isRom()) {
            return target.romAsBlock().test(mem);
        }
        return (long) mem.width() * mem.depth() >= target.macroMinBits();
    }

    private Result run(Netlist flat) {
        users = new int[m.size()];
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            for (int q = 0; q < c.inputCount(); q++) {
                if (c.in(q) >= 0) {
                    users[c.in(q)]++;
                }
            }
        }
        for (OutputPort o : m.outputs()) {
            users[o.net()]++;
        }
        for (Memory mem : m.memories()) {
            if (!mem.isRom()) {
                users[mem.write().enable()]++;
                users[mem.write().addr()]++;
                users[mem.write().data()]++;
            }
        }
        List<int[]> ramWords = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            g.setOrigin(i);
            switch (c.op()) {
                case INPUT -> bits[i] = inputs(c.width());
                case MEM_READ ->
                    bits[i] = m.memories().get(c.aux()).isRom() && !macroRam(c.aux())
                            ? registerBits(i, c.width())
                            : inputs(c.width());
                case REG -> bits[i] = registerBits(i, c.width());
                case CONST -> bits[i] = constant(c.value(), c.width());
                default -> {}
            }
        }
        int[][][] memWords = new int[m.memories().size()][][];
        for (int k = 0; k < m.memories().size(); k++) {
            Memory mem = m.memories().get(k);
            memWords[k] = new int[mem.depth()][];
            if (macroRam(k)) {
                continue;
            }
            for (int a = 0; a < mem.depth(); a++) {
                memWords[k][a] = mem.isRom() ? constant(mem.initWord(a), mem.width()) : inputs(mem.width());
            }
        }
        // DSP ownership: which DSP block produces a net, and whether its post-adder is still free.
        dspOf = new int[m.size()];
        java.util.Arrays.fill(dspOf, -1);
        List<Boolean> postAdderFree = new ArrayList<>();
        for (int i : flat.combOrder(m.name())) {
            Cell c = m.cell(i);
            if (target.multipliersAsDsp() && c.op() == Op.MUL) {
                // Yosys mul2dsp: both operands at least 2 bits and a product of at least 9 bits, operands
                // narrowed to their highest bit that is not constant zero (wreduce).
                int wa = significantBits(bits[c.in(0)]);
                int wb = significantBits(bits[c.in(1)]);
                if (Math.min(wa, wb) >= 2 && Math.min(wa + wb, c.width()) >= 9) {
                    g.setOrigin(i);
                    bits[i] = inputs(c.width());
                    dspOf[i] = multipliers.size();
                    multipliers.add(new int[] {wa, wb, bits[i][0] >> 1});
                    dspCells.add(i);
                    // A constant factor with trailing zeros is applied as a shift after the DSP (Yosys), so
                    // the product leaves the block shifted and its post-adder cannot add the other operand.
                    postAdderFree.add(!shiftedConstant(c.in(0)) && !shiftedConstant(c.in(1)));
                    continue;
                }
            }
            if (target.multipliersAsDsp() && (c.op() == Op.ADD || c.op() == Op.SUB)) {
                // A DSP48 absorbs one adder after its multiplier (post-adder / accumulator).
                int absorbed = -1;
                for (int k = 0; k < 2 && absorbed < 0; k++) {
                    int owner = dspOf[source(c.in(k))];
                    if (owner >= 0 && postAdderFree.get(owner)) {
                        absorbed = owner;
                    }
                }
                if (absorbed >= 0) {
                    postAdderFree.set(absorbed, false);
                    dspOf[i] = absorbed;
                    g.setOrigin(i);
                    bits[i] = inputs(c.width());
                    absorbedAdders.add(i);
                    continue;
                }
            }
            if (c.op() == Op.ZEXT || c.op() == Op.SEXT || c.op() == Op.ALIAS || c.op() == Op.SLICE) {
                dspOf[i] = dspOf[c.in(0)];
            }
            g.setOrigin(i);
            bits[i] = comb(c);
        }
        List<Integer> roots = fixedRoots;
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (absorbedAdders.contains(i)) {
                for (int k = 0; k < 2; k++) {
                    for (int b : bits[c.in(k)]) {
                        roots.add(b);
                    }
                }
            }
            if (c.op() == Op.MUL && dspOf[i] >= 0) {
                // Operands of a DSP block must still be computed; a register feeding a single-block
                // multiplier becomes the block's input register (Yosys xilinx_dsp: AREG/BREG), so its
                // own inputs are what must be computed (it stays a flip-flop only for other readers).
                for (int k = 0; k < 2; k++) {
                    Cell src = m.cell(unextended(c.in(k)));
                    if (src.op() == Op.REG && zeroReset(src) && singleBlock(i)) {
                        for (int q = 0; q < src.inputCount(); q++) {
                            if (src.in(q) >= 0) {
                                for (int b : bits[src.in(q)]) {
                                    roots.add(b);
                                }
                            }
                        }
                        continue;
                    }
                    for (int b : bits[c.in(k)]) {
                        roots.add(b);
                    }
                }
            }
        }
        for (OutputPort o : m.outputs()) {
            for (int b : bits[o.net()]) {
                roots.add(b);
            }
        }
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            g.setOrigin(i);
            if (c.op() == Op.REG) {
                int[] d = bits[c.in(0)];
                int[] q = bits[i];
                int en = c.in(1) >= 0 ? bits[c.in(1)][0] : AigBuilder.TRUE;
                int rst = c.in(2) >= 0 ? bits[c.in(2)][0] : AigBuilder.FALSE;
                int[] r = c.value() == null ? q : constant(c.value(), c.width());
                boolean hasReset = c.value() != null && rst != AigBuilder.FALSE;
                findConstantBits(i, d, q, en, hasReset ? r : null);
                // Bits from here up sit in a DSP block's output register: no flip-flop in the fabric,
                // but the block must still produce them.
                int fabricBits = dspOutputRegister(i);
                int[] loaded = bits[registerData(i)];
                for (int b = fabricBits; b < c.width(); b++) {
                    roots.add(loaded[b]);
                }
                Cell dc = m.cell(c.in(0));
                if (target.fpgaFlops() && dc.op() == Op.MUX && (dc.in(1) == i || dc.in(2) == i)) {
                    // D = sel ? x : Q is a clock enable (Yosys opt_dff makes it a DFFE): the mux is absorbed.
                    boolean holdWhenTrue = dc.in(1) == i;
                    int sel = bits[dc.in(0)][0];
                    d = bits[dc.in(holdWhenTrue ? 2 : 1)];
                    en = g.and(en, holdWhenTrue ? AigBuilder.not(sel) : sel);
                }
                for (int b = 0; b < Math.min(c.width(), fabricBits); b++) {
                    if (q[b] <= AigBuilder.TRUE) {
                        continue; // a constant register bit: no flip-flop
                    }
                    int next = target.fpgaFlops() ? d[b] : reset(rst, r[b], g.mux(en, d[b], q[b]));
                    state.add(target.fpgaFlops() ? new int[] {q[b] >> 1, next, en, rst} : new int[] {q[b] >> 1, next});
                    regInputs.add(new int[] {d[b], en, hasReset ? rst : AigBuilder.FALSE, hasReset ? r[b] : -1});
                }
            } else if (c.op() == Op.MEM_READ && macroRam(c.aux())) {
                if (m.memories().get(c.aux()).depth() <= target.lutramMaxDepth()) {
                    lutramReadFlops += c.width();
                }
                // The macro's address and read-enable pins must still be driven.
                for (int b : bits[c.in(0)]) {
                    roots.add(b);
                }
                if (c.in(1) >= 0) {
                    roots.add(bits[c.in(1)][0]);
                }
            } else if (c.op() == Op.MEM_READ) {
                Memory mem = m.memories().get(c.aux());
                int en = c.in(1) >= 0 ? bits[c.in(1)][0] : AigBuilder.TRUE;
                int[] word = readTree(memWords[c.aux()], bits[c.in(0)], mem.width());
                if (mem.isRom()) {
                    // A bit equal in every word makes a read register with a constant input and no
                    // initial value: Yosys's opt_dff turns it into that constant, and so does this.
                    findConstantBits(i, word, bits[i], en, null);
                }
                for (int b = 0; b < c.width(); b++) {
                    if (bits[i][b] <= AigBuilder.TRUE) {
                        continue; // a constant read bit: no flip-flop
                    }
                    // FPGA flip-flops take the read enable as their clock enable.
                    state.add(
                            target.fpgaFlops()
                                    ? new int[] {bits[i][b] >> 1, word[b], en, AigBuilder.FALSE}
                                    : new int[] {bits[i][b] >> 1, g.mux(en, word[b], bits[i][b])});
                    regInputs.add(null);
                }
            }
        }
        List<Memory> macros = new ArrayList<>();
        for (int k = 0; k < m.memories().size(); k++) {
            Memory mem = m.memories().get(k);
            if (mem.isRom()) {
                if (macroRam(k)) {
                    macros.add(mem);
                }
                continue;
            }
            Memory.WritePort w = mem.write();
            if (macroRam(k)) {
                macros.add(mem);
                roots.add(bits[w.enable()][0]);
                for (int b : bits[w.addr()]) {
                    roots.add(b);
                }
                for (int b : bits[w.data()]) {
                    roots.add(b);
                }
                continue;
            }
            g.setOrigin(w.data());
            int we = bits[w.enable()][0];
            for (int a = 0; a < mem.depth(); a++) {
                int sel = g.and(we, equalsConst(bits[w.addr()], a));
                for (int b = 0; b < mem.width(); b++) {
                    state.add(new int[] {memWords[k][a][b] >> 1, g.mux(sel, bits[w.data()][b], memWords[k][a][b])});
                    regInputs.add(null);
                }
            }
        }
        if (foundConstant) {
            return null; // blast() starts another round with the constants; skip the costly rest
        }
        int[] rootLits = roots.stream().mapToInt(Integer::intValue).toArray();
        int[][] lits = new int[state.size() + 2][];
        lits[0] = rootLits;
        int[] pins = carryPins.stream().mapToInt(x -> x[0]).toArray();
        lits[state.size() + 1] = pins;
        for (int k = 0; k < state.size(); k++) {
            int[] st = state.get(k);
            lits[k + 1] = java.util.Arrays.copyOfRange(st, 1, st.length);
        }
        g.mergeEquivalent(target.carry() == Carry.NONE, lits);
        boolean[] merged = mergeIdenticalRegisters(lits);
        for (boolean m : merged) {
            if (m && target.carry() == Carry.NONE) {
                // Logic that read two copies of a register may now be one function: sweep again (ABC
                // sees the registers Yosys's opt_merge left). Gate level only: on FPGA targets much of
                // that logic sits in carry cells ABC cannot see through (measured, a second sweep moved
                // the LUT estimates of random netlists away from Yosys's, by up to 3 points).
                g.mergeEquivalent(true, lits);
                break;
            }
        }
        roots = new ArrayList<>();
        for (int l : rootLits) {
            roots.add(l);
        }
        for (int k = 0; k < state.size(); k++) {
            System.arraycopy(lits[k + 1], 0, state.get(k), 1, lits[k + 1].length);
        }
        // Sequential dead-bit removal, as synthesis does: a flip-flop bit counts only if its output
        // reaches a port (possibly through other live flip-flops).
        int[] stateOf = new int[g.size()];
        java.util.Arrays.fill(stateOf, -1);
        for (int k = 0; k < state.size(); k++) {
            if (!merged[k]) {
                stateOf[state.get(k)[0]] = k;
            }
        }
        boolean[] seen = new boolean[g.size()];
        boolean[] stateLive = new boolean[state.size()];
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        roots.forEach(l -> work.push(l >> 1));
        List<Integer> all = new ArrayList<>(roots);
        int flops = lutramReadFlops;
        while (!work.isEmpty()) {
            int n = work.pop();
            if (n == 0 || seen[n]) {
                continue;
            }
            seen[n] = true;
            if (g.isAnd(n)) {
                work.push(g.fanin0(n) >> 1);
                work.push(g.fanin1(n) >> 1);
            } else if (stateOf[n] >= 0 && !stateLive[stateOf[n]]) {
                int[] st = state.get(stateOf[n]);
                stateLive[stateOf[n]] = true;
                flops++;
                for (int j = 1; j < st.length; j++) {
                    all.add(st[j]);
                    work.push(st[j] >> 1);
                }
            }
        }
        java.util.Set<Integer> inverted = new java.util.HashSet<>();
        for (int k = 0; k < pins.length; k++) {
            int node = pins[k] >> 1;
            int[] cell = carryPins.get(k);
            if ((pins[k] & 1) != 0 && node > 0 && g.isInput(node)) {
                for (int u = cell[1]; u < cell[2]; u++) {
                    if (seen[u]) {
                        inverted.add(node);
                        break;
                    }
                }
            }
        }
        return new Result(
                g, all.stream().mapToInt(Integer::intValue).toArray(), flops, multipliers, macros, inverted.size());
    }

    /**
     * rst ? value : next. For a constant reset value the reset goes into the top AND of next:
     * !rst &amp; (p &amp; q) as (!rst &amp; p) &amp; q, the form ABC's rewriting gives.
     */
    private int reset(int rst, int value, int next) {
        if (rst == AigBuilder.FALSE || (value != AigBuilder.FALSE && value != AigBuilder.TRUE)) {
            return g.mux(rst, value, next);
        }
        int y = value == AigBuilder.FALSE ? next : AigBuilder.not(next);
        int n = y >> 1;
        int r = (y & 1) == 0 && g.isAnd(n)
                ? g.and(g.and(AigBuilder.not(rst), g.fanin0(n)), g.fanin1(n))
                : g.and(AigBuilder.not(rst), y);
        return value == AigBuilder.FALSE ? r : AigBuilder.not(r);
    }

    private int[] inputs(int w) {
        int[] r = new int[w];
        for (int b = 0; b < w; b++) {
            r[b] = g.newInput();
        }
        return r;
    }

    private static int[] constant(BigInteger v, int w) {
        int[] r = new int[w];
        for (int b = 0; b < w; b++) {
            r[b] = v.testBit(b) ? AigBuilder.TRUE : AigBuilder.FALSE;
        }
        return r;
    }

    private int equalsConst(int[] addr, int value) {
        int r = AigBuilder.TRUE;
        for (int b = 0; b < addr.length; b++) {
            r = g.and(r, ((value >> b) & 1) != 0 ? addr[b] : AigBuilder.not(addr[b]));
        }
        return r;
    }

    private int[] readTree(int[][] words, int[] addr, int width) {
        int n = 1 << addr.length;
        int[][] level = new int[n][];
        for (int a = 0; a < n; a++) {
            level[a] = a < words.length ? words[a] : constant(BigInteger.ZERO, width);
        }
        for (int b = 0; b < addr.length; b++) {
            int[][] next = new int[level.length / 2][];
            for (int a = 0; a < next.length; a++) {
                next[a] = new int[width];
                for (int k = 0; k < width; k++) {
                    next[a][k] = g.mux(addr[b], level[2 * a + 1][k], level[2 * a][k]);
                }
            }
            level = next;
        }
        return level[0];
    }

    private int[] in(Cell c, int k) {
        return bits[c.in(k)];
    }

    private int[] comb(Cell c) {
        int w = c.width();
        int[] r = new int[w];
        switch (c.op()) {
            case ADD -> add(in(c, 0), in(c, 1), AigBuilder.FALSE, false, r);
            case SUB -> add(in(c, 0), in(c, 1), AigBuilder.TRUE, true, r);
            case MUL -> mul(in(c, 0), in(c, 1), r);
            case AND, OR, XOR -> {
                int[] a = in(c, 0);
                int[] b = in(c, 1);
                for (int i = 0; i < w; i++) {
                    r[i] = c.op() == Op.AND
                            ? g.and(a[i], b[i])
                            : c.op() == Op.OR ? g.or(a[i], b[i]) : g.xor(a[i], b[i]);
                }
            }
            case NOT -> {
                int[] a = in(c, 0);
                for (int i = 0; i < w; i++) {
                    r[i] = AigBuilder.not(a[i]);
                }
            }
            case SHL, SHR, SRA -> shift(c.op(), in(c, 0), in(c, 1), r);
            case EQ, NE -> {
                int[] a = in(c, 0);
                int[] b = in(c, 1);
                int[] same = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    same[i] = AigBuilder.not(g.xor(a[i], b[i]));
                }
                // A balanced AND over the bits, as Yosys's simplemap builds $reduce_and: a chain would
                // be as many LUT levels deep as it has LUTs, where synthesis has a logarithmic depth.
                int eq = same.length == 0 ? AigBuilder.TRUE : reduce(Op.RED_AND, same, 0, same.length);
                r[0] = c.op() == Op.EQ ? eq : AigBuilder.not(eq);
            }
            case LTU -> r[0] = less(in(c, 0), in(c, 1), false);
            case LEU -> r[0] = AigBuilder.not(less(in(c, 1), in(c, 0), false));
            case LTS -> r[0] = less(in(c, 0), in(c, 1), true);
            case LES -> r[0] = AigBuilder.not(less(in(c, 1), in(c, 0), true));
            case MUX -> {
                int s = in(c, 0)[0];
                int[] t = in(c, 1);
                int[] e = in(c, 2);
                for (int i = 0; i < w; i++) {
                    r[i] = g.mux(s, t[i], e[i]);
                }
            }
            case SLICE -> System.arraycopy(in(c, 0), c.aux(), r, 0, w);
            case CONCAT -> {
                int at = w;
                for (int k = 0; k < c.inputCount(); k++) {
                    int[] p = in(c, k);
                    at -= p.length;
                    System.arraycopy(p, 0, r, at, p.length);
                }
            }
            case ZEXT, SEXT, ALIAS -> {
                int[] a = in(c, 0);
                System.arraycopy(a, 0, r, 0, a.length);
                for (int i = a.length; i < w; i++) {
                    r[i] = c.op() == Op.SEXT ? a[a.length - 1] : AigBuilder.FALSE;
                }
            }
            case RED_AND, RED_OR ->
                r[0] = target.carry() == Carry.NONE
                        ? reduceAndOr(c.op(), in(c, 0))
                        : reduce(c.op(), in(c, 0), 0, in(c, 0).length);
            case RED_XOR -> r[0] = reduce(c.op(), in(c, 0), 0, in(c, 0).length);
            default -> throw new IllegalStateException(c.op() + " is not combinational");
        }
        return r;
    }

    /**
     * Widest gate-level adder (result bits) and comparator (operand bits) built as a ripple chain rather
     * than Yosys's Brent-Kung tree: on narrow ones ABC's area recovery undoes the tree. Measured alone
     * against Yosys (transistors): 8-bit add +22.7 % as a tree, +1.4 % as a chain; 8-bit compare +41 % /
     * 0 %; 16-bit compare +34 % / -8 %; but 16-bit add (17 result bits) +9.4 % / -12.6 %, 32-bit compare
     * +25 % / -18 %: above 16 bits the tree is nearer.
     */
    static final int RIPPLE_MAX = 16;

    /**
     * r = a + (invertB ? ~b : b) + carryIn: on FPGA targets a ripple chain on the carry primitives, at
     * gate level the Brent-Kung adder Yosys's techmap builds ({@link #brentKung}), a ripple chain up to
     * {@link #RIPPLE_MAX} bits.
     */
    private void add(int[] a, int[] b, int carryIn, boolean invertB, int[] r) {
        add(a, b, carryIn, invertB, r, target.carry());
    }

    private void add(int[] a, int[] b, int carryIn, boolean invertB, int[] r, Carry carry) {
        if (target.carry() == Carry.NONE && r.length > RIPPLE_MAX) {
            brentKung(a, b, carryIn, invertB, r);
            return;
        }
        int c = carryIn;
        for (int i = 0; i < r.length; i++) {
            c = addBit(a[i], invertB ? AigBuilder.not(b[i]) : b[i], c, r, i, i + 1 < r.length, carry);
        }
    }

    /**
     * Yosys's gate-level adder ({@code techmap.v}: {@code _90_alu} over {@code _90_lcu}): propagate
     * P = A ^ B, generate G = A &amp; B, carries by the Brent-Kung prefix tree (main tree, then inverse
     * tree), sum Y = P ^ {CO, CI}. Returns the carry out of the top bit. Its depth grows with log2 of the
     * width, which decides how much logic ABC's delay-first mapping builds in both polarities.
     */
    private int brentKung(int[] a, int[] b, int carryIn, boolean invertB, int[] r) {
        int w = r.length;
        int[] propagate = new int[w];
        int[] p = new int[w];
        int[] gen = new int[w];
        for (int i = 0; i < w; i++) {
            int bi = invertB ? AigBuilder.not(b[i]) : b[i];
            propagate[i] = g.xor(a[i], bi);
            p[i] = propagate[i];
            gen[i] = g.and(a[i], bi);
        }
        gen[0] = g.or(gen[0], g.and(p[0], carryIn));
        int levels = 32 - Integer.numberOfLeadingZeros(w - 1); // $clog2(WIDTH)
        for (int i = 1; i <= levels; i++) {
            int span = 1 << (i - 1);
            for (int j = (1 << i) - 1; j < w; j += 1 << i) {
                gen[j] = g.or(gen[j], g.and(p[j], gen[j - span]));
                p[j] = g.and(p[j], p[j - span]);
            }
        }
        for (int i = levels; i > 0; i--) {
            int span = 1 << (i - 1);
            for (int j = (1 << i) + span - 1; j < w; j += 1 << i) {
                gen[j] = g.or(gen[j], g.and(p[j], gen[j - span]));
                p[j] = g.and(p[j], p[j - span]);
            }
        }
        for (int i = 0; i < w; i++) {
            r[i] = g.xor(propagate[i], i == 0 ? carryIn : gen[i - 1]);
        }
        return gen[w - 1];
    }

    /** One full adder: writes the sum to r[i] and returns the carry out (if {@code carryOut}). */
    private int addBit(int a, int b, int c, int[] r, int i, boolean carryOut, Carry carry) {
        switch (carry) {
            case LUT_SUM -> {
                // Carry logic and the propagate it shares with the sum live in SB_CARRY; the sum is a LUT.
                int first = g.size();
                g.setUnshared(true);
                int p = g.xor(a, b);
                int cout = carryOut ? g.or(g.and(a, b), g.and(p, c)) : AigBuilder.FALSE;
                g.setUnshared(false);
                g.markHardSince(first);
                carryPins.add(new int[] {a, first, g.size()});
                carryPins.add(new int[] {b, first, g.size()});
                // The propagate is not a signal of the fabric: with a constant carry in (the lowest bit)
                // the sum is still a LUT over a and b.
                r[i] = c <= AigBuilder.TRUE ? g.xor(g.xor(a, b), c) : g.xor(p, c);
                g.markCarry(cout);
                return cout;
            }
            case LUT_PROPAGATE -> {
                int p = g.xor(a, b);
                int first = g.size();
                g.setUnshared(true);
                r[i] = g.xor(p, c);
                int cout = carryOut ? g.or(g.and(p, c), g.and(AigBuilder.not(p), a)) : AigBuilder.FALSE;
                g.setUnshared(false);
                g.markHardSince(first);
                g.markCarry(cout);
                return cout;
            }
            default -> {
                int p = g.xor(a, b);
                r[i] = g.xor(p, c);
                return carryOut ? g.or(g.and(a, b), g.and(p, c)) : AigBuilder.FALSE;
            }
        }
    }

    private void mul(int[] a, int[] b, int[] r) {
        boolean constantFactor = java.util.Arrays.stream(b).allMatch(x -> x <= AigBuilder.TRUE)
                || java.util.Arrays.stream(a).allMatch(x -> x <= AigBuilder.TRUE);
        if (target.carry() == Carry.LUT_SUM) {
            maccRows(a, b, r); // iCE40: maccmap's rows as they meet the carry chain
            return;
        }
        if (target.carry() == Carry.NONE) {
            maccTree(a, b, r); // gate level: Yosys's maccmap structure, which ABC then restructures
            return;
        }
        if (!constantFactor) {
            mulTree(a, b, r); // 7-series
            return;
        }
        // 7-series constant factor: shifted rows added in LUTs, the constant as b.
        if (java.util.Arrays.stream(a).allMatch(x -> x <= AigBuilder.TRUE)) {
            int[] t = a;
            a = b;
            b = t;
        }
        int w = r.length;
        int[] acc = new int[w];
        for (int j = 0; j < w; j++) {
            acc[j] = g.and(a[j], b[0]);
        }
        for (int i = 1; i < w; i++) {
            if (b[i] == AigBuilder.FALSE) {
                continue;
            }
            int[] row = new int[w - i];
            int[] hi = new int[w - i];
            for (int j = 0; j < w - i; j++) {
                row[j] = g.and(a[j], b[i]);
                hi[j] = acc[i + j];
            }
            int[] sum = new int[w - i];
            // Rows of a constant factor are adders in LUTs (as Yosys maps them), not on carry chains.
            add(hi, row, AigBuilder.FALSE, false, sum, Carry.NONE);
            System.arraycopy(sum, 0, acc, i, w - i);
        }
        System.arraycopy(acc, 0, r, 0, w);
    }

    /**
     * A multiplier (constant factors included) as Yosys's {@code maccmap} builds it for iCE40 and at gate
     * level ({@code synth}'s techmap of {@code $macc}): partial
     * products placed by column (a bit already in its column moves up one as twice itself), rows formed
     * by taking one bit from every column, rows summed three at a time by a row of full adders (carry row
     * shifted up one) until two remain, then one adder on the carry chain. Unlike a column-wise tree,
     * positions where a row has fewer than three bits still get half adders.
     */
    private void maccTree(int[] a, int[] b, int[] r) {
        int w = r.length;
        if (b.length > a.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        List<List<Integer>> cols = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            cols.add(new ArrayList<>());
        }
        for (int i = 0; i < b.length && i < w; i++) {
            for (int j = 0; j < a.length && i + j < w; j++) {
                place(cols, g.and(a[j], b[i]), i + j);
            }
        }
        List<int[]> rows = new ArrayList<>();
        while (true) {
            int[] row = new int[w];
            boolean any = false;
            for (int k = 0; k < w; k++) {
                List<Integer> col = cols.get(k);
                row[k] = col.isEmpty() ? AigBuilder.FALSE : col.remove(0);
                any |= !col.isEmpty() || row[k] != AigBuilder.FALSE;
            }
            if (!any) {
                break;
            }
            rows.add(row);
        }
        sumRows(rows, r);
    }

    /**
     * A multiplier as Yosys's {@code maccmap} lays it out before any constant is propagated, which is what
     * decides where the iCE40 carry chain starts: one row per bit i of the narrower operand, {@code (a << i)
     * & b[i]} over the full result width (a row of zeros for a constant 0 bit, zeros below i and above the
     * operand: they are outputs of an AND cell, so nothing drops or merges them), rows taken three at a
     * time into a row of full adders (carries one up) until two remain, those two added on the carry chain.
     * A constant factor with two set bits thus becomes a row of half adders in LUTs feeding the chain, as
     * in Yosys's netlists, not one adder of the two shifted operands (fir with one tap: 26 LUT4 in Yosys).
     */
    private void maccRows(int[] a, int[] b, int[] r) {
        int w = r.length;
        a = withoutLeadingZeros(a);
        b = withoutLeadingZeros(b);
        if (a.length < b.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        List<int[]> rows = new ArrayList<>();
        for (int i = 0; i < b.length && i < w; i++) {
            int[] row = new int[w];
            for (int k = 0; k < w; k++) {
                row[k] = k >= i && k - i < a.length ? g.and(a[k - i], b[i]) : AigBuilder.FALSE;
            }
            rows.add(row);
        }
        sumRows(rows, r);
    }

    /**
     * {@code maccmap}'s reduction: rows taken three at a time into a row of full adders (carries one
     * column up) until two remain, those two added on the target's adder; the sum into {@code r}.
     */
    private void sumRows(List<int[]> rows, int[] r) {
        int w = r.length;
        while (rows.size() > 2) {
            List<int[]> next = new ArrayList<>();
            int i = 0;
            for (; i + 2 < rows.size(); i += 3) {
                int[] x = rows.get(i);
                int[] y = rows.get(i + 1);
                int[] z = rows.get(i + 2);
                int[] sum = new int[w];
                int[] carry = new int[w];
                for (int k = 0; k < w; k++) {
                    int p = g.xor(x[k], y[k]);
                    sum[k] = g.xor(p, z[k]);
                    if (k + 1 < w) {
                        carry[k + 1] = g.or(g.and(x[k], y[k]), g.and(p, z[k]));
                    }
                }
                next.add(sum);
                next.add(carry);
            }
            for (; i < rows.size(); i++) {
                next.add(rows.get(i));
            }
            rows = next;
        }
        if (rows.isEmpty()) {
            java.util.Arrays.fill(r, AigBuilder.FALSE);
        } else if (rows.size() == 1) {
            System.arraycopy(rows.get(0), 0, r, 0, w);
        } else {
            add(rows.get(0), rows.get(1), AigBuilder.FALSE, false, r);
        }
    }

    /** An unsigned operand without its constant-zero high bits, as {@code alumacc} hands it to {@code maccmap}. */
    private static int[] withoutLeadingZeros(int[] x) {
        int n = x.length;
        while (n > 1 && x[n - 1] == AigBuilder.FALSE) {
            n--;
        }
        return n == x.length ? x : java.util.Arrays.copyOf(x, n);
    }

    private static void place(List<List<Integer>> cols, int bit, int column) {
        if (column >= cols.size() || bit == AigBuilder.FALSE) {
            return;
        }
        List<Integer> col = cols.get(column);
        if (col.remove(Integer.valueOf(bit))) {
            place(cols, bit, column + 1); // bit + bit = bit one column up
        } else {
            col.add(bit);
        }
    }

    /**
     * FPGA multiplier the way Yosys builds one (maccmap): partial products reduced column by column
     * with full adders in LUTs until two rows remain, then one adder on the carry chain.
     */
    private void mulTree(int[] a, int[] b, int[] r) {
        int w = r.length;
        List<List<Integer>> cols = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            cols.add(new ArrayList<>());
        }
        for (int i = 0; i < w; i++) {
            for (int j = 0; i + j < w && j < a.length; j++) {
                int pp = i < b.length ? g.and(a[j], b[i]) : AigBuilder.FALSE;
                if (pp != AigBuilder.FALSE) {
                    cols.get(i + j).add(pp);
                }
            }
        }
        boolean tall = true;
        while (tall) {
            tall = false;
            List<List<Integer>> next = new ArrayList<>();
            for (int k = 0; k < w; k++) {
                next.add(new ArrayList<>());
            }
            for (int k = 0; k < w; k++) {
                List<Integer> col = cols.get(k);
                int at = 0;
                while (col.size() - at >= 3) {
                    int x = col.get(at);
                    int y = col.get(at + 1);
                    int z = col.get(at + 2);
                    at += 3;
                    int p = g.xor(x, y);
                    next.get(k).add(g.xor(p, z));
                    if (k + 1 < w) {
                        next.get(k + 1).add(g.or(g.and(x, y), g.and(p, z)));
                    }
                }
                for (; at < col.size(); at++) {
                    next.get(k).add(col.get(at));
                }
            }
            cols = next;
            for (List<Integer> col : cols) {
                tall |= col.size() > 2;
            }
        }
        int[] x = new int[w];
        int[] y = new int[w];
        for (int k = 0; k < w; k++) {
            List<Integer> col = cols.get(k);
            x[k] = col.isEmpty() ? AigBuilder.FALSE : col.get(0);
            y[k] = col.size() < 2 ? AigBuilder.FALSE : col.get(1);
        }
        add(x, y, AigBuilder.FALSE, false, r);
    }

    /**
     * Barrel shifter in the order Yosys's techmap builds it: amount bits beyond clog2(width) + 1 only
     * flag an overflow, which selects the fill before the stages; then one mux stage per remaining
     * amount bit, the last of which (a shift by the width or more) is all fill.
     */
    private void shift(Op op, int[] a, int[] amount, int[] r) {
        int w = a.length;
        boolean left = op == Op.SHL;
        boolean arithmetic = op == Op.SRA;
        int stages = Math.min(32 - Integer.numberOfLeadingZeros(w - 1) + 1, amount.length);
        int over = AigBuilder.FALSE;
        for (int k = stages; k < amount.length; k++) {
            over = g.or(over, amount[k]);
        }
        int[] x = new int[w];
        for (int i = 0; i < w; i++) {
            x[i] = g.mux(over, arithmetic ? a[w - 1] : AigBuilder.FALSE, a[i]);
        }
        for (int k = 0; k < stages; k++) {
            long s = 1L << k;
            int fill = arithmetic ? x[w - 1] : AigBuilder.FALSE;
            int[] y = new int[w];
            for (int i = 0; i < w; i++) {
                long from = left ? i - s : i + s;
                int shifted = from < 0 ? AigBuilder.FALSE : from >= w ? fill : x[(int) from];
                y[i] = g.mux(amount[k], shifted, x[i]);
            }
            x = y;
        }
        System.arraycopy(x, 0, r, 0, w);
    }

    /**
     * a &lt; b; signed flips the sign bits: the carry out of a + ~b + 1, which Yosys's {@code alumacc}
     * makes of every comparison (on the carry primitives of FPGA targets, at gate level the Brent-Kung
     * tree, or a ripple of majority gates up to {@link #RIPPLE_MAX} bits).
     */
    private int less(int[] a, int[] b, boolean signed) {
        int n = a.length;
        if (target.carry() == Carry.NONE && n > RIPPLE_MAX) {
            int[] x = a.clone();
            int[] y = b.clone();
            if (signed) {
                x[n - 1] = AigBuilder.not(x[n - 1]);
                y[n - 1] = AigBuilder.not(y[n - 1]);
            }
            return AigBuilder.not(brentKung(x, y, AigBuilder.TRUE, true, new int[n]));
        }
        int c = AigBuilder.TRUE;
        int[] sum = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int ai = signed && i == n - 1 ? AigBuilder.not(a[i]) : a[i];
            int bi = signed && i == n - 1 ? AigBuilder.not(b[i]) : b[i];
            // At gate level only the carry is wanted: the majority form, without the sum's XOR.
            c = target.carry() == Carry.NONE
                    ? g.or(g.and(ai, AigBuilder.not(bi)), g.and(c, g.or(ai, AigBuilder.not(bi))))
                    : addBit(ai, AigBuilder.not(bi), c, sum, i, true, target.carry());
        }
        return AigBuilder.not(c);
    }

    /**
     * &amp;a or |a at gate level: repeated operands count once and an operand beside its complement
     * decides the result, as Yosys's {@code opt_reduce} and ABC's balancing of the AND supergate find
     * (a == b and a != b merged by {@code alumacc} into one cell are complementary signals). Not on FPGA
     * targets: {@code synth_xilinx} keeps what this folds (random 300 seed 2: 106 flip-flops, as the
     * estimate without the fold, where the generic {@code synth} keeps 71).
     */
    private int reduceAndOr(Op op, int[] a) {
        java.util.LinkedHashSet<Integer> operands = new java.util.LinkedHashSet<>();
        for (int x : a) {
            if (operands.contains(AigBuilder.not(x))) {
                return op == Op.RED_AND ? AigBuilder.FALSE : AigBuilder.TRUE;
            }
            operands.add(x);
        }
        int[] distinct = operands.stream().mapToInt(Integer::intValue).toArray();
        return reduce(op, distinct, 0, distinct.length);
    }

    private int reduce(Op op, int[] a, int lo, int hi) {
        if (hi - lo == 1) {
            return a[lo];
        }
        int mid = (lo + hi) >>> 1;
        int x = reduce(op, a, lo, mid);
        int y = reduce(op, a, mid, hi);
        return op == Op.RED_AND ? g.and(x, y) : op == Op.RED_OR ? g.or(x, y) : g.xor(x, y);
    }
}
