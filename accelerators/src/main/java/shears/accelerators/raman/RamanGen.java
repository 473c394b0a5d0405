package shears.accelerators.raman;

import static shears.accelerators.raman.RamanRtl.bitsFor;
import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;
import shears.rtl.hdl.Wire;

/**
 * Builds {@code raman_top} unit by unit: the layer-descriptor ROM and its fields, the host ports,
 * the controller's registers, the activation banks, the shared LFSR flags and tap-phase table, the
 * PEs ({@link RamanPe}) and the controller's transitions. The units share the signals declared
 * before them, so they are fields here and each unit is built once, in the order the module lists
 * them (which keeps the emitted Verilog in the same order).
 */
final class RamanGen {
    /** One field of the layer descriptor: its width and its value per step. */
    private record Field(String name, int width, long[] values) {}

    final RamanProgram prog;
    final RamanRtl.Options options;
    final List<RamanProgram.Weighted> layers;
    final List<RamanProgram.Step> steps;
    final int pes;
    final int log2P;
    final SparseFormat format;
    final int wb;
    final ModuleBuilder b = new ModuleBuilder("raman_top");
    private final List<Field> fields = new ArrayList<>();
    int maxM = 1;
    int maxRows = 1;

    // widths and depths, from the program
    final RamanRtl.Layout lay;
    final int bankAw;
    final int cntBits;
    final int eBits;
    final int rowBits;
    final int tapBits;
    final int rowIdxBits;
    final int vb;
    final int accDepth;
    final int accAw;
    final int wordBits;
    final int wAw;
    private final List<Long> flags = new ArrayList<>();
    int maxStride = 1;
    int phaseBits;
    int chBits;
    int posBits;
    int readBits;
    private int layerBits;
    private int blkBits;
    private int outIdxBits;

    // host ports
    Signal start;
    Signal ldEn;
    Signal ldBank;
    Signal ldAddr;
    Signal ldData;
    private Signal rdBank;
    private Signal rdAddr;
    Signal wlEn;
    Signal wlPe;
    Signal wlAddr;
    Signal wlData;

    // controller
    private Reg layer;
    private Reg state;
    private Signal descData;
    private Reg descQ;
    /** Descriptor fields of the current step (registered) and of the one being loaded. */
    final Map<String, Signal> d = new HashMap<>();

    final Map<String, Signal> dNow = new HashMap<>();
    final Signal[] isState = new Signal[13];
    Signal busy;
    Signal dw;
    Signal dense;
    Reg pos;
    private Reg ch;
    private Reg rowAddr;
    private Reg blk;
    Reg j;
    Reg paddr;
    private Reg pcol;
    Reg prow;
    Reg ppuV;
    Reg paddrD;
    Reg pj;
    private Reg psrc;
    private Reg psub;
    private Reg prowIn;
    Reg passV;
    Reg pjD;
    Reg pLastD;
    Reg prowD;
    Reg initAddr;
    private Reg cycles;
    private Signal posN;
    private Signal chN;
    private Signal rowAddrN;
    Signal blockEnd;
    private Signal layerEnd;
    Signal blkRow;

    // activation banks, flags, tap phase
    Mem[] banks;
    Signal[] bankRd;
    private Signal rdData;
    Signal broadcast;
    Signal actRe;
    Signal stepDoneW;
    Signal flagData;
    Signal phase;
    Signal phaseMask;

    // what the PEs report to the controller
    Signal allDrawDone;
    Signal allLast;

    RamanGen(RamanProgram prog, RamanRtl.Options options) {
        this.prog = prog;
        this.options = options;
        this.steps = RamanRtl.steps(prog);
        this.layers = RamanRtl.layers(prog);
        this.pes = prog.params().pes();
        this.log2P = Integer.numberOfTrailingZeros(pes);
        this.format = prog.params().format();
        this.wb = prog.params().weightBits();
        for (RamanProgram.Step st : steps) {
            maxRows = Math.max(maxRows, RamanCompiler.ceilDiv(st.outChannels(), pes));
        }
        for (RamanProgram.Weighted w : layers) {
            maxRows = Math.max(maxRows, w.rows(0, pes));
            for (int pe = 0; pe < pes; pe++) {
                maxM = Math.max(maxM, w.blockSize(pe, pes, 0));
            }
            long recip = recip(w.kernel());
            for (int e = 0; e < Math.max(1, w.blockSize(0, pes, 0)); e++) {
                if ((e * recip) >> RamanRtl.RECIP_SHIFT != e / w.kernel()) {
                    throw new IllegalArgumentException("layer '" + w.name() + "': " + w.blockSize(0, pes, 0)
                            + " positions of kernel " + w.kernel() + " exceed the position decoder (at most "
                            + (1 << RamanRtl.RECIP_SHIFT) / w.kernel() + ")");
                }
            }
        }
        lay = RamanRtl.layout(prog);
        bankAw = lay.bankAddrBits();
        cntBits = bitsFor(maxM);
        eBits = bitsFor(maxM - 1);
        rowBits = bitsFor(maxRows);
        tapBits = RamanRtl.tapIndexBits(layers);
        rowIdxBits = RamanRtl.rowIndexBits(prog, layers);
        vb = bitsFor(maxM - 1); // draw width for the largest PE block
        accDepth = RamanRtl.accDepth(prog, layers);
        accAw = bitsFor(accDepth - 1);
        wordBits = lay.weightWordBits();
        wAw = bitsFor(lay.weightDepth() - 1);
    }

    static long recip(int k) {
        return ((1L << RamanRtl.RECIP_SHIFT) + k - 1) / k;
    }

    HdlModule build() {
        List<BigInteger> descWords = descriptor();
        ports();
        controllerRegisters(descWords);
        activationBanks();
        lfsrFlags();
        tapPhase();
        allDrawDone = b.lit(1, uint(1));
        allLast = b.lit(1, uint(1));
        for (int p = 0; p < pes; p++) {
            new RamanPe(this, p).build();
        }
        b.assign((Wire) stepDoneW, allLast);
        controllerTransitions();
        b.assign(b.output("busy", uint(1)), busy);
        b.assign(b.output("ready", uint(1)), isState[RamanRtl.INIT].not());
        b.assign(b.output("done", uint(1)), isState[RamanRtl.FIN]);
        b.assign(b.output("cycles", uint(32)), cycles);
        b.assign(b.output("rd_data", sint(8)), rdData);
        return b.build();
    }

    // ---- the layer descriptor -------------------------------------------------------------------

    /** A weighted-layer field per step (0 for passes). */
    long[] perLayer(ToLongFunction<RamanProgram.Weighted> f) {
        long[] v = new long[steps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = steps.get(i) instanceof RamanProgram.Weighted w ? f.applyAsLong(w) : 0;
        }
        return v;
    }

    /** A pass field per step (0 for weighted layers). */
    long[] perPass(ToLongFunction<RamanProgram.Pass> f) {
        long[] v = new long[steps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = steps.get(i) instanceof RamanProgram.Pass ps ? f.applyAsLong(ps) : 0;
        }
        return v;
    }

    /** A field of every step. */
    long[] perStep(ToLongFunction<RamanProgram.Step> f) {
        long[] v = new long[steps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsLong(steps.get(i));
        }
        return v;
    }

    private void field(String name, long[] values) {
        fields.add(new Field(name, bitsFor(max(values)), values));
    }

    /** Every descriptor field, packed into one ROM word per step (at least two words). */
    private List<BigInteger> descriptor() {
        long[] flagBase = new long[steps.size()];
        long[] lfsrBase = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            flagBase[i] = flags.size();
            if (format == SparseFormat.LFSR && steps.get(i) instanceof RamanProgram.Weighted w) {
                int base = Integer.MAX_VALUE;
                for (int c : w.blockCounts()) {
                    base = Math.min(base, c);
                }
                for (int c : w.blockCounts()) {
                    if (c - base > 1) {
                        throw new IllegalArgumentException(
                                "layer '" + w.name() + "': block counts differ by more than one");
                    }
                    flags.add((long) (c - base));
                }
                lfsrBase[i] = base;
            }
        }
        layerFields();
        passFields();
        field("seed", perLayer(w -> w.lfsrSeed()));
        field("nb", lfsrBase);
        field("flag_base", flagBase);
        phaseFields();
        List<BigInteger> descWords = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            BigInteger word = BigInteger.ZERO;
            int at = 0;
            for (Field f : fields) {
                word = word.or(BigInteger.valueOf(f.values()[i]).shiftLeft(at));
                at += f.width();
            }
            descWords.add(word);
        }
        while (descWords.size() < 2) {
            descWords.add(BigInteger.ZERO);
        }
        return descWords;
    }

    private void layerFields() {
        field("dw", perLayer(w -> w.kind() == RamanProgram.Kind.DEPTHWISE ? 1 : 0));
        field("dense", perLayer(w -> w.kind() == RamanProgram.Kind.DENSE ? 1 : 0));
        field(
                "relu",
                perStep(st -> st instanceof RamanProgram.Weighted w
                        ? (w.relu() ? 1 : 0)
                        : ((RamanProgram.Pass) st).relu() ? 1 : 0));
        field("src_c", perLayer(w -> w.srcChannels()));
        field("src_l", perLayer(w -> w.srcLen()));
        field("out_c", perStep(RamanProgram.Step::outChannels));
        field("out_l", perStep(RamanProgram.Step::outLen));
        field("k", perLayer(w -> w.kernel()));
        field("recip", perLayer(w -> recip(w.kernel())));
        field("s_log2", perLayer(w -> Integer.numberOfTrailingZeros(w.stride())));
        field("s_mask", perLayer(w -> w.stride() - 1));
        field("pad", perLayer(w -> w.pad()));
        field("dil", perLayer(w -> w.dilation()));
        field("in_base", perStep(RamanProgram.Step::inBase));
        field("out_base", perStep(RamanProgram.Step::outBase));
    }

    private void passFields() {
        field("pass", perPass(ps -> 1));
        field("pmax", perPass(ps -> ps.kind() == RamanProgram.PassKind.MAXPOOL ? 1 : 0));
        field(
                "ppool",
                perPass(ps -> ps.kind() == RamanProgram.PassKind.MAXPOOL || ps.kind() == RamanProgram.PassKind.AVGPOOL
                        ? 1
                        : 0));
        field("padd", perPass(ps -> ps.kind() == RamanProgram.PassKind.ADD ? 1 : 0));
        field("reads", perPass(RamanProgram.Pass::reads));
        field("pstride", perPass(RamanProgram.Pass::poolStride));
        field("upf", perPass(RamanProgram.Pass::upFactor));
        field("wa", perPass(RamanProgram.Pass::weightA));
        field("wb", perPass(RamanProgram.Pass::weightB));
        field("pmult", perPass(ps -> ps.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : ps.mult()));
        field("pshift", perPass(ps -> ps.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : ps.shift()));
        field("in2_base", perPass(RamanProgram.Pass::inBase2));
        field("pin_l", perPass(RamanProgram.Pass::inLen));
        field("pppu_len", perPass(ps -> (long) RamanCompiler.ceilDiv(ps.channels(), pes) * ps.outLen()));
        field("ppu_len", perLayer(w -> (long) w.rows(0, pes) * w.outLen()));
    }

    /** Per tap phase: taps in it, kept counts (flag 0 and 1) and their offsets in the class-ordered weights. */
    private void phaseFields() {
        long[] phaseBase = new long[steps.size()];
        for (int i = 1; i < steps.size(); i++) {
            phaseBase[i] = phaseBase[i - 1] + (steps.get(i - 1) instanceof RamanProgram.Weighted w ? w.stride() : 0);
        }
        for (RamanProgram.Weighted w : layers) {
            maxStride = Math.max(maxStride, w.stride());
        }
        field("phase_base", phaseBase);
        for (int ph = 0; ph < maxStride; ph++) {
            final int phf = ph;
            field("c_" + ph, perLayer(w -> {
                int c = 0;
                for (int t = 0; t < w.kernel(); t++) {
                    c += w.phase(t) == phf ? 1 : 0;
                }
                return c;
            }));
            for (int f = 0; f < 2; f++) {
                final int ff = f;
                field(
                        "n" + f + "_" + ph,
                        perLayer(w -> w.phaseCounts().length == 0 || phf >= w.stride() ? 0 : w.phaseCounts()[ff][phf]));
                field("o" + f + "_" + ph, perLayer(w -> {
                    long o = 0;
                    for (int q = 0; q < Math.min(phf, w.stride()) && w.phaseCounts().length > 0; q++) {
                        o += w.phaseCounts()[ff][q];
                    }
                    return o;
                }));
            }
        }
        phaseBits = bitsFor(maxStride - 1);
    }

    // ---- ports and controller registers ------------------------------------------------------------

    private void ports() {
        start = b.input("start", uint(1));
        ldEn = b.input("ld_en", uint(1));
        ldBank = b.input("ld_bank", uint(Math.max(1, log2P)));
        ldAddr = b.input("ld_addr", uint(bankAw));
        ldData = b.input("ld_data", sint(8));
        rdBank = b.input("rd_bank", uint(Math.max(1, log2P)));
        rdAddr = b.input("rd_addr", uint(bankAw));
        if (options.weightLoadPort()) {
            wlEn = b.input("wl_en", uint(1));
            wlPe = b.input("wl_pe", uint(Math.max(1, log2P)));
            wlAddr = b.input("wl_addr", uint(wAw));
            wlData = b.input("wl_data", uint(wordBits));
        }
    }

    private void controllerRegisters(List<BigInteger> descWords) {
        int descBits = 0;
        for (Field f : fields) {
            descBits += f.width();
        }
        layerBits = bitsFor(steps.size());
        layer = b.reg("layer", uint(layerBits), 0);
        Mem desc = b.rom("desc", uint(descBits), descWords);
        state = b.reg("state", uint(4), RamanRtl.INIT);
        descData = desc.read("desc_rd", fit(layer, desc.addrWidth()), state.eq(b.lit(RamanRtl.LD0, uint(4))));
        descQ = b.reg("desc_q", uint(descBits), 0);
        int at = 0;
        for (Field f : fields) {
            d.put(f.name(), descQ.slice(at + f.width() - 1, at));
            dNow.put(f.name(), descData.slice(at + f.width() - 1, at));
            at += f.width();
        }
        for (int s = 0; s < isState.length; s++) {
            isState[s] = state.eq(b.lit(s, uint(4)));
        }
        busy = state.ge(b.lit(RamanRtl.LD0, uint(4)));
        dw = d.get("dw");
        dense = d.get("dense");
        chBits = bitsFor(max(perLayer(w -> w.srcChannels())) + pes);
        posBits = bitsFor(Math.max(
                Math.max(max(perLayer(w -> w.srcLen())), max(perStep(RamanProgram.Step::outLen))),
                max(perPass(RamanProgram.Pass::inLen))));
        ch = b.reg("ch", uint(chBits), 0);
        pos = b.reg("pos", uint(posBits), 0);
        rowAddr = b.reg("row_addr", uint(bankAw), 0);
        blkBits = bitsFor(Math.max(2, flags.size()) + max(perLayer(w -> w.blocks(pes))));
        blk = b.reg("blk", uint(blkBits), 0);
        j = b.reg("j", uint(cntBits), 0);
        outIdxBits = Math.max(
                accAw + 1, bitsFor(max(perPass(ps -> (long) RamanCompiler.ceilDiv(ps.channels(), pes) * ps.outLen()))));
        paddr = b.reg("paddr", uint(outIdxBits), 0);
        pcol = b.reg("pcol", uint(posBits), 0);
        prow = b.reg("prow", uint(rowBits), 0);
        ppuV = b.reg("ppu_v", uint(1), 0);
        paddrD = b.reg("paddr_d", uint(outIdxBits), 0);
        passRegisters();
        initAddr = b.reg("init_addr", uint(accAw + 1), 0);
        cycles = b.reg("cycles_q", uint(32), 0);
        scanPosition();
    }

    /** Passes (ReLU, pooling, add, upsample): read index within an output, source position, row base. */
    private void passRegisters() {
        readBits = bitsFor(Math.max(2, max(perPass(RamanProgram.Pass::reads))));
        pj = b.reg("pj", uint(readBits), 0);
        psrc = b.reg("psrc", uint(bankAw), 0);
        psub = b.reg("psub", uint(bitsFor(Math.max(2, max(perPass(RamanProgram.Pass::upFactor))))), 0);
        prowIn = b.reg("prow_in", uint(bankAw), 0);
        passV = b.reg("pass_v", uint(1), 0);
        pjD = b.reg("pj_d", uint(readBits), 0);
        pLastD = b.reg("plast_d", uint(1), 0);
        prowD = b.reg("prow_d", uint(rowBits), 0);
    }

    /** The next input position, channel and row after this step, and where blocks and layers end. */
    private void scanPosition() {
        Signal inc = b.mux(dw, b.lit(pes, uint(chBits)), b.lit(1, uint(chBits)));
        Signal posWrap = pos.add(1).eq(d.get("src_l"));
        posN = b.mux(posWrap, b.lit(0, uint(posBits)), pos.add(1).trunc(posBits));
        Signal chInc = ch.add(inc).trunc(chBits);
        chN = b.mux(posWrap, chInc, ch);
        Signal rowStep = log2P == 0 ? b.lit(1, uint(1)) : dw.or(ch.trunc(log2P).eq(b.lit(pes - 1, uint(log2P))));
        rowAddrN = b.mux(posWrap.and(rowStep), rowAddr.add(d.get("src_l")).trunc(bankAw), rowAddr);
        blockEnd = dense.or(posWrap);
        layerEnd = posWrap.and(chInc.ge(d.get("src_c")));
        blkRow = log2P == 0 ? ch : ch.shr(log2P);
    }

    // ---- activation banks, LFSR flags, tap phase ---------------------------------------------------

    private void activationBanks() {
        Signal inBase = d.get("in_base");
        Signal passBase = b.mux(d.get("padd").and(pj.eq(b.lit(1, uint(readBits)))), d.get("in2_base"), inBase);
        Signal passOffset = b.mux(d.get("ppool"), pj, b.lit(0, uint(readBits)));
        Signal passAddr = fit(passBase.add(prowIn).add(psrc).add(passOffset), bankAw);
        Signal actAddr = b.mux(
                isState[RamanRtl.PASS],
                passAddr,
                b.mux(
                                isState[RamanRtl.STEP],
                                inBase.add(rowAddrN).add(posN),
                                inBase.add(rowAddr).add(pos))
                        .trunc(bankAw));
        stepDoneW = b.wire("step_done", uint(1));
        actRe = isState[RamanRtl.BS1]
                .or(isState[RamanRtl.STEP].and(stepDoneW).and(blockEnd.not()))
                .or(isState[RamanRtl.PASS]);
        banks = new Mem[pes];
        bankRd = new Signal[pes];
        Signal[] hostRd = new Signal[pes];
        for (int p = 0; p < pes; p++) {
            banks[p] = b.ram("bank" + p, sint(8), lay.bankDepth());
            bankRd[p] = banks[p].read("bank" + p + "_rd", actAddr, actRe);
            hostRd[p] = banks[p].read("bank" + p + "_host", rdAddr);
        }
        Reg rdBankQ = b.reg("rd_bank_q", uint(Math.max(1, log2P)), 0);
        b.set(rdBankQ, rdBank);
        rdData = hostRd[0];
        Signal bsel = log2P == 0 ? b.lit(0, uint(1)) : ch.trunc(log2P);
        broadcast = bankRd[0];
        for (int p = 1; p < pes; p++) {
            rdData = b.mux(rdBankQ.eq(b.lit(p, uint(Math.max(1, log2P)))), hostRd[p], rdData);
            broadcast = b.mux(bsel.eq(b.lit(p, uint(log2P))), bankRd[p], broadcast);
        }
    }

    private void lfsrFlags() {
        flagData = b.lit(0, uint(1));
        if (format == SparseFormat.LFSR) {
            long[] fl = new long[Math.max(2, flags.size())];
            for (int i = 0; i < flags.size(); i++) {
                fl[i] = flags.get(i);
            }
            Mem flagRom = b.rom("flags", uint(1), fl);
            flagData = flagRom.read(
                    "flags_rd", fit(d.get("flag_base").add(blk), flagRom.addrWidth()), isState[RamanRtl.BS0]);
        }
    }

    /** Tap phase of the next activation, and which block positions can reach an output in it. */
    private void tapPhase() {
        Signal padW = d.get("pad");
        phase = fit(
                b.mux(isState[RamanRtl.STEP], posN, pos)
                        .add(padW)
                        .and(d.get("s_mask")
                                .zextTo(Math.max(posBits, padW.width()) + 1)
                                .trunc(Math.max(posBits, padW.width()) + 1)),
                bitsFor(maxStride - 1));
        phaseMask = b.lit(0, uint(maxM));
        if (format != SparseFormat.INDEX) {
            List<BigInteger> pm = new ArrayList<>();
            for (RamanProgram.Weighted w : layers) {
                for (int ph = 0; ph < w.stride(); ph++) {
                    BigInteger mask = BigInteger.ZERO;
                    for (int e = 0; e < maxM; e++) {
                        if (w.phase(e % w.kernel()) == ph) {
                            mask = mask.setBit(e);
                        }
                    }
                    pm.add(mask);
                }
            }
            while (pm.size() < 2) {
                pm.add(BigInteger.ZERO);
            }
            Mem phaseRom = b.rom("phase", uint(maxM), pm);
            phaseMask = phaseRom.read(
                    "phase_rd",
                    fit(d.get("phase_base").add(phase), phaseRom.addrWidth()),
                    actRe.and(isState[RamanRtl.PASS].not()));
        }
    }

    // ---- controller transitions ---------------------------------------------------------------------

    private void controllerTransitions() {
        Signal ppuLast = paddr.add(1).eq(d.get("ppu_len"));
        Signal lastLayer = layer.add(1).eq(b.lit(steps.size(), uint(layerBits + 1)));
        b.when(isState[RamanRtl.INIT], () -> {
            b.set(initAddr, initAddr.add(1).trunc(accAw + 1));
            b.when(initAddr.eq(b.lit(accDepth - 1, uint(accAw + 1))), () -> b.set(state, RamanRtl.IDLE));
        });
        b.when(isState[RamanRtl.IDLE].and(start), () -> {
            b.set(state, RamanRtl.LD0);
            b.set(layer, b.lit(0, uint(layerBits)));
            b.set(cycles, b.lit(0, uint(32)));
        });
        b.when(busy, () -> b.set(cycles, cycles.add(1).trunc(32)));
        b.when(isState[RamanRtl.LD0], () -> b.set(state, RamanRtl.LD1));
        b.when(isState[RamanRtl.LD1], this::loadStep);
        passTransitions(lastLayer);
        b.when(isState[RamanRtl.BS0], () -> b.set(state, RamanRtl.BS1));
        b.when(isState[RamanRtl.BS1], () -> {
            b.set(j, b.lit(0, uint(cntBits)));
            b.set(state, format == SparseFormat.LFSR ? b.lit(RamanRtl.DRAW, uint(4)) : b.lit(RamanRtl.STEP, uint(4)));
        });
        final Signal allDrawDoneF = allDrawDone;
        b.when(isState[RamanRtl.DRAW].and(allDrawDoneF), () -> b.set(state, RamanRtl.STEP));
        b.when(isState[RamanRtl.STEP], () -> {
            b.set(j, j.add(1).trunc(cntBits));
            b.when(stepDoneW, () -> {
                b.set(j, b.lit(0, uint(cntBits)));
                b.set(pos, posN);
                b.set(ch, chN);
                b.set(rowAddr, rowAddrN);
                b.when(blockEnd, () -> {
                    b.set(blk, blk.add(1).trunc(blkBits));
                    b.set(state, b.mux(layerEnd, b.lit(RamanRtl.DR0, uint(4)), b.lit(RamanRtl.BS0, uint(4))));
                });
            });
        });
        b.when(isState[RamanRtl.DR0], () -> b.set(state, RamanRtl.DR1));
        b.when(isState[RamanRtl.DR1], () -> {
            b.set(state, RamanRtl.PPU);
            b.set(paddr, b.lit(0, uint(outIdxBits)));
            b.set(pcol, b.lit(0, uint(posBits)));
            b.set(prow, b.lit(0, uint(rowBits)));
        });
        postProcessingTransitions(lastLayer, ppuLast);
        b.when(isState[RamanRtl.FIN], () -> b.set(state, RamanRtl.IDLE));
    }

    /** LD1: the step's descriptor is latched and every scan counter restarts. */
    private void loadStep() {
        b.set(descQ, descData);
        b.set(ch, b.lit(0, uint(chBits)));
        b.set(pos, b.lit(0, uint(posBits)));
        b.set(rowAddr, b.lit(0, uint(bankAw)));
        b.set(blk, b.lit(0, uint(blkBits)));
        b.set(paddr, b.lit(0, uint(outIdxBits)));
        b.set(pcol, b.lit(0, uint(posBits)));
        b.set(prow, b.lit(0, uint(rowBits)));
        b.set(pj, b.lit(0, uint(readBits)));
        b.set(psrc, b.lit(0, uint(bankAw)));
        b.set(psub, b.lit(0, uint(psub.width())));
        b.set(prowIn, b.lit(0, uint(bankAw)));
        b.set(state, b.mux(dNow.get("pass"), b.lit(RamanRtl.PASS, uint(4)), b.lit(RamanRtl.BS0, uint(4))));
    }

    private void passTransitions(Signal lastLayer) {
        b.set(passV, isState[RamanRtl.PASS]);
        b.set(pjD, pj);
        b.set(pLastD, isState[RamanRtl.PASS].and(pj.add(1).eq(fit(d.get("reads"), readBits + 1))));
        b.when(isState[RamanRtl.PASS], () -> {
            b.set(pj, pj.add(1).trunc(readBits));
            b.when(pj.add(1).eq(fit(d.get("reads"), readBits + 1)), () -> {
                b.set(pj, b.lit(0, uint(readBits)));
                b.set(paddr, paddr.add(1).trunc(outIdxBits));
                Signal colWrap = pcol.add(1).eq(d.get("out_l"));
                b.set(pcol, b.mux(colWrap, b.lit(0, uint(posBits)), pcol.add(1).trunc(posBits)));
                Signal subWrap = psub.add(1).eq(fit(d.get("upf"), psub.width() + 1));
                b.set(
                        psub,
                        b.mux(subWrap, b.lit(0, uint(psub.width())), psub.add(1).trunc(psub.width())));
                b.when(subWrap, () -> b.set(psrc, psrc.add(d.get("pstride")).trunc(bankAw)));
                b.when(colWrap, () -> {
                    b.set(prow, prow.add(1).trunc(rowBits));
                    b.set(prowIn, prowIn.add(d.get("pin_l")).trunc(bankAw));
                    b.set(psrc, b.lit(0, uint(bankAw)));
                    b.set(psub, b.lit(0, uint(psub.width())));
                });
                b.when(paddr.add(1).eq(fit(d.get("pppu_len"), outIdxBits + 1)), () -> {
                    b.set(layer, layer.add(1).trunc(layerBits));
                    b.set(state, b.mux(lastLayer, b.lit(RamanRtl.FIN, uint(4)), b.lit(RamanRtl.LD0, uint(4))));
                });
            });
        });
    }

    private void postProcessingTransitions(Signal lastLayer, Signal ppuLast) {
        b.set(ppuV, isState[RamanRtl.PPU]);
        b.set(paddrD, paddr);
        b.set(prowD, prow);
        b.when(isState[RamanRtl.PPU], () -> {
            b.set(paddr, paddr.add(1).trunc(outIdxBits));
            Signal colWrap = pcol.add(1).eq(d.get("out_l"));
            b.set(pcol, b.mux(colWrap, b.lit(0, uint(posBits)), pcol.add(1).trunc(posBits)));
            b.when(colWrap, () -> b.set(prow, prow.add(1).trunc(rowBits)));
            b.when(ppuLast, () -> {
                b.set(layer, layer.add(1).trunc(layerBits));
                b.set(state, b.mux(lastLayer, b.lit(RamanRtl.FIN, uint(4)), b.lit(RamanRtl.LD0, uint(4))));
            });
        });
    }

    // ---- helpers shared with the PEs ----------------------------------------------------------------

    /** Output channels of PE p for the descriptor's {@code out_c}: (out_c + P - 1 - p) >> log2 P. */
    Signal rowsOf(Signal outC, int p) {
        Signal r = outC.add(b.lit(pes - 1 - p, uint(Math.max(1, bitsFor(pes)))));
        if (log2P > 0) {
            r = r.shr(log2P);
        }
        return fit(r, rowBits);
    }

    /** {@code s} truncated or zero-extended to {@code w} bits (callers know the value fits). */
    static Signal fit(Signal s, int w) {
        return s.width() >= w ? s.trunc(w) : s.zextTo(w);
    }

    /** Number of set bits, as an adder tree. */
    Signal popcount(Signal v) {
        List<Signal> bits = new ArrayList<>();
        for (int i = 0; i < v.width(); i++) {
            bits.add(v.bit(i));
        }
        return Signal.addTree(bits);
    }

    /** Index of the single set bit of {@code oneHot} (0 when none). */
    Signal encode(Signal oneHot, int width, int bits) {
        Signal[] out = new Signal[bits];
        for (int i = 0; i < bits; i++) {
            BigInteger mask = BigInteger.ZERO;
            for (int e = 0; e < width; e++) {
                if ((e >> i & 1) == 1) {
                    mask = mask.setBit(e);
                }
            }
            out[bits - 1 - i] = mask.signum() == 0
                    ? b.lit(0, uint(1))
                    : oneHot.and(b.lit(mask, uint(width))).orR();
        }
        return b.cat(out);
    }

    static long max(long[] v) {
        long m = 0;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
