package shears.accelerators.raman;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.models.prune.Lfsr;
import shears.models.quant.Requantizer;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * The RAMAN generator: a compiled {@link RamanProgram} to one flat module {@code raman_top}
 * (docs/raman.md). P PEs, each with its weight memory (ROM image or load port), accumulator RAM,
 * post-processing unit and — for the index-free format — its LFSR, draw vector and position scan;
 * P activation banks shared by inputs and outputs; a controller stepping through a layer-descriptor
 * ROM. The cycle behaviour is exactly {@link RamanModel}'s.
 *
 * <p>Host interface (all synchronous): after reset the accumulators are cleared ({@code ready}
 * rises); while not {@code busy}, {@code ld_en} writes {@code ld_data} to bank {@code ld_bank} at
 * {@code ld_addr}; {@code start} runs the program; {@code done} is high for the last cycle and
 * {@code cycles} then holds the run's length; {@code rd_data} is the word of bank {@code rd_bank}
 * at {@code rd_addr} one cycle later.
 */
public final class RamanRtl {
    /** Requantisation shifts above this are stored as factor 0, which gives the same results for 32-bit sums. */
    public static final int MAX_HW_SHIFT = 50;
    /** Position e maps to (row, tap) as row = (e * recip) >> RECIP_SHIFT, exact for the layer's block sizes (checked). */
    static final int RECIP_SHIFT = 16;
    private static final int BIAS_BITS = 32;
    private static final int SHIFT_BITS = 6;

    private RamanRtl() {
    }

    /** Generator options: weights as ROM images in the Verilog or in RAMs written through a load port. */
    public record Options(boolean weightLoadPort) {
        public static final Options ROM = new Options(false);
    }

    /** States of the controller (values are the encoding). */
    static final int INIT = 0;
    static final int IDLE = 1;
    static final int LD0 = 2;
    static final int LD1 = 3;
    static final int BS0 = 4;
    static final int BS1 = 5;
    static final int DRAW = 6;
    static final int STEP = 7;
    static final int DR0 = 8;
    static final int DR1 = 9;
    static final int PPU = 10;
    static final int FIN = 11;
    static final int PASS = 12;

    /** Where things sit in the generated design, for drivers and tests. */
    public record Layout(int pes, int bankDepth, int bankAddrBits, int weightDepth, int weightWordBits, int inputBase, int outputBase,
                         int outputChannels, int outputLen, int accDepth) {
    }

    public static Layout layout(RamanProgram prog) {
        List<RamanProgram.Weighted> layers = layers(prog);
        List<RamanProgram.Step> steps = steps(prog);
        RamanProgram.Step last = steps.get(steps.size() - 1);
        int depth = Math.max(2, prog.params().bankDepth());
        int weightWords = 2;
        for (int w : prog.peWeightWords()) {
            weightWords = Math.max(weightWords, w);
        }
        return new Layout(prog.params().pes(), depth, bitsFor(depth - 1), weightWords, weightWordBits(prog, layers), steps.get(0).inBase(),
                last.outBase(), last.outChannels(), last.outLen(), accDepth(prog, layers));
    }

    /** Accumulator words per PE: the most any layer holds (its PE-0 rows x output positions), at least 2. */
    static int accDepth(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int depth = 2;
        for (RamanProgram.Weighted w : layers) {
            depth = Math.max(depth, w.rows(0, prog.params().pes()) * w.outLen());
        }
        return depth;
    }

    /** The weighted steps (those with weights, in order). */
    static List<RamanProgram.Weighted> layers(RamanProgram prog) {
        List<RamanProgram.Weighted> out = new ArrayList<>();
        for (RamanProgram.Step s : steps(prog)) {
            if (s instanceof RamanProgram.Weighted w) {
                out.add(w);
            }
        }
        return out;
    }

    /** Every step, checked for what the RTL runs. */
    public static List<RamanProgram.Step> steps(RamanProgram prog) {
        if (prog.steps().isEmpty()) {
            throw new IllegalArgumentException("the program has no layers");
        }
        for (RamanProgram.Step s : prog.steps()) {
            if (s.inBase() < 0) {
                throw new IllegalArgumentException("layer '" + s.name() + "' has no activation-memory allocation");
            }
            if (s instanceof RamanProgram.Weighted w && Integer.bitCount(w.stride()) != 1) {
                throw new IllegalArgumentException("layer '" + w.name() + "': stride " + w.stride() + " is not a power of two");
            }
        }
        return prog.steps();
    }

    private static int weightWordBits(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int wb = prog.params().weightBits();
        if (prog.params().format() != SparseFormat.INDEX) {
            return wb;
        }
        return wb + rowIndexBits(prog, layers) + tapIndexBits(layers);
    }

    private static int rowIndexBits(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int rows = 1;
        for (RamanProgram.Weighted w : layers) {
            rows = Math.max(rows, w.rows(0, prog.params().pes()));
        }
        return bitsFor(rows - 1);
    }

    private static int tapIndexBits(List<RamanProgram.Weighted> layers) {
        int k = 1;
        for (RamanProgram.Weighted w : layers) {
            k = Math.max(k, w.kernel());
        }
        return bitsFor(k - 1);
    }

    /**
     * PE {@code pe}'s weight-memory image, {@code depth} words in program order: the weight
     * (two's complement, weightBits), under {row, tap} for the stored-index format.
     */
    public static long[] weightImage(RamanProgram prog, int pe, int depth) {
        List<RamanProgram.Weighted> layers = layers(prog);
        int wb = prog.params().weightBits();
        int tapBits = tapIndexBits(layers);
        long[] img = new long[depth];
        int at = 0;
        for (RamanProgram.Weighted w : layers) {
            RamanProgram.PeImage im = w.pes()[pe];
            for (int e = 0; e < im.size(); e++) {
                long wv = im.weight()[e] & ((1L << wb) - 1);
                img[at++] = prog.params().format() == SparseFormat.INDEX ? ((long) im.row()[e] << (tapBits + wb)) | ((long) im.tap()[e] << wb) | wv
                        : wv;
            }
        }
        return img;
    }

    /** Bits to hold 0..max (at least 1). */
    static int bitsFor(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(0, max)));
    }

    /** A descriptor field: name, width, value per layer. */
    private record Field(String name, int width, long[] values) {
    }

    public static HdlModule build(RamanProgram prog, Options options) {
        return new Gen(prog, options).build();
    }

    /** Generator state: the program's derived tables and the builder being filled. */
    private static final class Gen {
        final RamanProgram prog;
        final Options options;
        final List<RamanProgram.Weighted> layers;
        final List<RamanProgram.Step> steps;
        final int pes;
        final int log2P;
        final SparseFormat format;
        final int wb;
        final ModuleBuilder b = new ModuleBuilder("raman_top");
        final List<Field> fields = new ArrayList<>();
        int maxM = 1;
        int maxRows = 1;

        Gen(RamanProgram prog, Options options) {
            this.prog = prog;
            this.options = options;
            this.steps = steps(prog);
            this.layers = layers(prog);
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
                    if ((e * recip) >> RECIP_SHIFT != e / w.kernel()) {
                        throw new IllegalArgumentException("layer '" + w.name() + "': " + w.blockSize(0, pes, 0) + " positions of kernel "
                                + w.kernel() + " exceed the position decoder (at most " + (1 << RECIP_SHIFT) / w.kernel() + ")");
                    }
                }
            }
        }

        static long recip(int k) {
            return ((1L << RECIP_SHIFT) + k - 1) / k;
        }

        /** A weighted-layer field per step (0 for passes). */
        long[] perLayer(java.util.function.ToLongFunction<RamanProgram.Weighted> f) {
            long[] v = new long[steps.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = steps.get(i) instanceof RamanProgram.Weighted w ? f.applyAsLong(w) : 0;
            }
            return v;
        }

        /** A pass field per step (0 for weighted layers). */
        long[] perPass(java.util.function.ToLongFunction<RamanProgram.Pass> f) {
            long[] v = new long[steps.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = steps.get(i) instanceof RamanProgram.Pass ps ? f.applyAsLong(ps) : 0;
            }
            return v;
        }

        /** A field of every step. */
        long[] perStep(java.util.function.ToLongFunction<RamanProgram.Step> f) {
            long[] v = new long[steps.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.applyAsLong(steps.get(i));
            }
            return v;
        }

        void field(String name, long[] values) {
            long max = 0;
            for (long v : values) {
                max = Math.max(max, v);
            }
            fields.add(new Field(name, bitsFor(max), values));
        }

        HdlModule build() {
            Layout lay = layout(prog);
            int bankAw = lay.bankAddrBits();
            int cntBits = bitsFor(maxM);
            int eBits = bitsFor(maxM - 1);
            int rowBits = bitsFor(maxRows);
            int tapBits = tapIndexBits(layers);
            int rowIdxBits = rowIndexBits(prog, layers);
            long[] flagBase = new long[steps.size()];
            List<Long> flags = new ArrayList<>();
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
                            throw new IllegalArgumentException("layer '" + w.name() + "': block counts differ by more than one");
                        }
                        flags.add((long) (c - base));
                    }
                    lfsrBase[i] = base;
                }
            }
            final int vb = bitsFor(maxM - 1); // draw width for the largest PE block
            int accDepth = accDepth(prog, layers);
            field("dw", perLayer(w -> w.kind() == RamanProgram.Kind.DEPTHWISE ? 1 : 0));
            field("dense", perLayer(w -> w.kind() == RamanProgram.Kind.DENSE ? 1 : 0));
            field("relu", perStep(st -> st instanceof RamanProgram.Weighted w ? (w.relu() ? 1 : 0) : ((RamanProgram.Pass) st).relu() ? 1 : 0));
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
            field("pass", perPass(ps -> 1));
            field("pmax", perPass(ps -> ps.kind() == RamanProgram.PassKind.MAXPOOL ? 1 : 0));
            field("ppool", perPass(ps -> ps.kind() == RamanProgram.PassKind.MAXPOOL || ps.kind() == RamanProgram.PassKind.AVGPOOL ? 1 : 0));
            field("padd", perPass(ps -> ps.kind() == RamanProgram.PassKind.ADD ? 1 : 0));
            field("reads", perPass(RamanProgram.Pass::reads));
            field("pstride", perPass(RamanProgram.Pass::poolStride));
            field("upf", perPass(RamanProgram.Pass::upFactor));
            field("wa", perPass(RamanProgram.Pass::weightA));
            field("wb", perPass(RamanProgram.Pass::weightB));
            field("pmult", perPass(ps -> ps.shift() > MAX_HW_SHIFT ? 0 : ps.mult()));
            field("pshift", perPass(ps -> ps.shift() > MAX_HW_SHIFT ? 0 : ps.shift()));
            field("in2_base", perPass(RamanProgram.Pass::inBase2));
            field("pin_l", perPass(RamanProgram.Pass::inLen));
            field("pppu_len", perPass(ps -> (long) RamanCompiler.ceilDiv(ps.channels(), pes) * ps.outLen()));
            field("ppu_len", perLayer(w -> (long) w.rows(0, pes) * w.outLen()));
            field("seed", perLayer(w -> w.lfsrSeed()));
            field("nb", lfsrBase);
            field("flag_base", flagBase);
            long[] phaseBase = new long[steps.size()];
            int maxStride = 1;
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
                    field("n" + f + "_" + ph, perLayer(w -> w.phaseCounts().length == 0 || phf >= w.stride() ? 0 : w.phaseCounts()[ff][phf]));
                    field("o" + f + "_" + ph, perLayer(w -> {
                        long o = 0;
                        for (int q = 0; q < Math.min(phf, w.stride()) && w.phaseCounts().length > 0; q++) {
                            o += w.phaseCounts()[ff][q];
                        }
                        return o;
                    }));
                }
            }
            final int phaseBits = bitsFor(maxStride - 1);
            int descBits = 0;
            for (Field f : fields) {
                descBits += f.width();
            }
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

            // ---- ports ------------------------------------------------------------------------
            Signal start = b.input("start", uint(1));
            Signal ldEn = b.input("ld_en", uint(1));
            Signal ldBank = b.input("ld_bank", uint(Math.max(1, log2P)));
            Signal ldAddr = b.input("ld_addr", uint(bankAw));
            Signal ldData = b.input("ld_data", sint(8));
            Signal rdBank = b.input("rd_bank", uint(Math.max(1, log2P)));
            Signal rdAddr = b.input("rd_addr", uint(bankAw));
            Signal wlEn = null;
            Signal wlPe = null;
            Signal wlAddr = null;
            Signal wlData = null;
            int wordBits = lay.weightWordBits();
            int wAw = bitsFor(lay.weightDepth() - 1);
            if (options.weightLoadPort()) {
                wlEn = b.input("wl_en", uint(1));
                wlPe = b.input("wl_pe", uint(Math.max(1, log2P)));
                wlAddr = b.input("wl_addr", uint(wAw));
                wlData = b.input("wl_data", uint(wordBits));
            }

            // ---- controller registers -----------------------------------------------------------
            int layerBits = bitsFor(steps.size());
            Reg layer = b.reg("layer", uint(layerBits), 0);
            Mem desc = b.rom("desc", uint(descBits), descWords);
            Reg state = b.reg("state", uint(4), INIT);
            Signal descData = desc.read("desc_rd", fit(layer, desc.addrWidth()), state.eq(b.lit(LD0, uint(4))));
            Reg descQ = b.reg("desc_q", uint(descBits), 0);
            java.util.Map<String, Signal> d = new java.util.HashMap<>();
            java.util.Map<String, Signal> dNow = new java.util.HashMap<>();
            int at = 0;
            for (Field f : fields) {
                d.put(f.name(), descQ.slice(at + f.width() - 1, at));
                dNow.put(f.name(), descData.slice(at + f.width() - 1, at));
                at += f.width();
            }
            Signal[] isState = new Signal[13];
            for (int s = 0; s < isState.length; s++) {
                isState[s] = state.eq(b.lit(s, uint(4)));
            }
            Signal busy = state.ge(b.lit(LD0, uint(4)));
            Signal dw = d.get("dw");
            Signal dense = d.get("dense");
            int chBits = bitsFor(max(perLayer(w -> w.srcChannels())) + pes);
            int posBits = bitsFor(Math.max(Math.max(max(perLayer(w -> w.srcLen())), max(perStep(RamanProgram.Step::outLen))),
                    max(perPass(RamanProgram.Pass::inLen))));
            Reg ch = b.reg("ch", uint(chBits), 0);
            Reg pos = b.reg("pos", uint(posBits), 0);
            Reg rowAddr = b.reg("row_addr", uint(bankAw), 0);
            int blkBits = bitsFor(Math.max(2, flags.size()) + max(perLayer(w -> w.blocks(pes))));
            Reg blk = b.reg("blk", uint(blkBits), 0);
            Reg j = b.reg("j", uint(cntBits), 0);
            int accAw = bitsFor(accDepth - 1);
            int outIdxBits = Math.max(accAw + 1, bitsFor(max(perPass(ps -> (long) RamanCompiler.ceilDiv(ps.channels(), pes) * ps.outLen()))));
            Reg paddr = b.reg("paddr", uint(outIdxBits), 0);
            Reg pcol = b.reg("pcol", uint(posBits), 0);
            Reg prow = b.reg("prow", uint(rowBits), 0);
            Reg ppuV = b.reg("ppu_v", uint(1), 0);
            Reg paddrD = b.reg("paddr_d", uint(outIdxBits), 0);
            // passes (ReLU, pooling, add, upsample): read index within an output, source position, row base
            int readBits = bitsFor(Math.max(2, max(perPass(RamanProgram.Pass::reads))));
            Reg pj = b.reg("pj", uint(readBits), 0);
            Reg psrc = b.reg("psrc", uint(bankAw), 0);
            Reg psub = b.reg("psub", uint(bitsFor(Math.max(2, max(perPass(RamanProgram.Pass::upFactor))))), 0);
            Reg prowIn = b.reg("prow_in", uint(bankAw), 0);
            Reg passV = b.reg("pass_v", uint(1), 0);
            Reg pjD = b.reg("pj_d", uint(readBits), 0);
            Reg pLastD = b.reg("plast_d", uint(1), 0);
            Reg prowD = b.reg("prow_d", uint(rowBits), 0);
            Reg initAddr = b.reg("init_addr", uint(accAw + 1), 0);
            Reg cycles = b.reg("cycles_q", uint(32), 0);

            Signal inc = b.mux(dw, b.lit(pes, uint(chBits)), b.lit(1, uint(chBits)));
            Signal posWrap = pos.add(1).eq(d.get("src_l"));
            Signal posN = b.mux(posWrap, b.lit(0, uint(posBits)), pos.add(1).trunc(posBits));
            Signal chInc = ch.add(inc).trunc(chBits);
            Signal chN = b.mux(posWrap, chInc, ch);
            Signal rowStep = log2P == 0 ? b.lit(1, uint(1)) : dw.or(ch.trunc(log2P).eq(b.lit(pes - 1, uint(log2P))));
            Signal rowAddrN = b.mux(posWrap.and(rowStep), rowAddr.add(d.get("src_l")).trunc(bankAw), rowAddr);
            Signal blockEnd = dense.or(posWrap);
            Signal layerEnd = posWrap.and(chInc.ge(d.get("src_c")));
            Signal blkRow = log2P == 0 ? ch : ch.shr(log2P);

            // ---- activation banks -----------------------------------------------------------------
            Signal inBase = d.get("in_base");
            Signal passBase = b.mux(d.get("padd").and(pj.eq(b.lit(1, uint(readBits)))), d.get("in2_base"), inBase);
            Signal passOffset = b.mux(d.get("ppool"), pj, b.lit(0, uint(readBits)));
            Signal passAddr = fit(passBase.add(prowIn).add(psrc).add(passOffset), bankAw);
            Signal actAddr = b.mux(isState[PASS], passAddr,
                    b.mux(isState[STEP], inBase.add(rowAddrN).add(posN), inBase.add(rowAddr).add(pos)).trunc(bankAw));
            Signal stepDoneW = b.wire("step_done", uint(1));
            Signal actRe = isState[BS1].or(isState[STEP].and(stepDoneW).and(blockEnd.not())).or(isState[PASS]);
            Mem[] banks = new Mem[pes];
            Signal[] bankRd = new Signal[pes];
            Signal[] hostRd = new Signal[pes];
            for (int p = 0; p < pes; p++) {
                banks[p] = b.ram("bank" + p, sint(8), lay.bankDepth());
                bankRd[p] = banks[p].read("bank" + p + "_rd", actAddr, actRe);
                hostRd[p] = banks[p].read("bank" + p + "_host", rdAddr);
            }
            Reg rdBankQ = b.reg("rd_bank_q", uint(Math.max(1, log2P)), 0);
            b.set(rdBankQ, rdBank);
            Signal rdData = hostRd[0];
            Signal bsel = log2P == 0 ? b.lit(0, uint(1)) : ch.trunc(log2P);
            Signal broadcast = bankRd[0];
            for (int p = 1; p < pes; p++) {
                rdData = b.mux(rdBankQ.eq(b.lit(p, uint(Math.max(1, log2P)))), hostRd[p], rdData);
                broadcast = b.mux(bsel.eq(b.lit(p, uint(log2P))), bankRd[p], broadcast);
            }

            // ---- shared LFSR flags -------------------------------------------------------------------
            Signal flagData = b.lit(0, uint(1));
            if (format == SparseFormat.LFSR) {
                long[] fl = new long[Math.max(2, flags.size())];
                for (int i = 0; i < flags.size(); i++) {
                    fl[i] = flags.get(i);
                }
                Mem flagRom = b.rom("flags", uint(1), fl);
                flagData = flagRom.read("flags_rd", fit(d.get("flag_base").add(blk), flagRom.addrWidth()), isState[BS0]);
            }

            // ---- tap phase of the next activation: which positions can reach an output -------------------------
            Signal padW = d.get("pad");
            Signal phaseNext = fit(b.mux(isState[STEP], posN, pos).add(padW).and(d.get("s_mask").zextTo(Math.max(posBits, padW.width()) + 1)
                    .trunc(Math.max(posBits, padW.width()) + 1)), bitsFor(maxStride - 1));
            final Signal phase = phaseNext;
            Signal phaseMask = b.lit(0, uint(maxM));
            if (format != SparseFormat.INDEX) {
                List<BigInteger> pm = new ArrayList<>();
                for (RamanProgram.Weighted w : layers) {
                    for (int ph = 0; ph < w.stride(); ph++) {
                        BigInteger mask = BigInteger.ZERO;
                        for (int e = 0; e < maxM; e++) {
                            int tap = w.kind() == RamanProgram.Kind.DEPTHWISE ? e % w.kernel() : e % w.kernel();
                            if (w.phase(tap) == ph) {
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
                phaseMask = phaseRom.read("phase_rd", fit(d.get("phase_base").add(phase), phaseRom.addrWidth()), actRe.and(isState[PASS].not()));
            }

            // ---- PEs ----------------------------------------------------------------------------------
            Signal allDrawDone = b.lit(1, uint(1));
            Signal allLast = b.lit(1, uint(1));
            for (int p = 0; p < pes; p++) {
                String s = "_" + p;
                Signal rows = rowsOf(d.get("out_c"), p, rowBits);
                Signal has = dw.not().or(blkRow.lt(rows.zextTo(Math.max(rowBits, chBits))));
                Signal k = d.get("k");
                Signal mP = fit(b.mux(dw, b.mux(has, k, b.lit(0, uint(1))), rows.mul(k)), cntBits);
                long[] image = weightImage(prog, p, lay.weightDepth());
                List<BigInteger> words = new ArrayList<>();
                for (long word : image) {
                    words.add(BigInteger.valueOf(word));
                }
                Reg colBase = b.reg("col_base" + s, uint(wAw + 1), 0);
                Signal wAddrW = b.wire("waddr" + s, uint(wAw + 1));
                Mem wmem;
                if (options.weightLoadPort()) {
                    wmem = b.ram("wmem" + s, uint(wordBits), lay.weightDepth());
                    Signal mine = wlPe.eq(b.lit(p, uint(Math.max(1, log2P))));
                    wmem.write(wlEn.and(mine).and(busy.not()), wlAddr, wlData);
                } else {
                    wmem = b.rom("wmem" + s, uint(wordBits), words);
                }
                Signal issue = b.wire("issue" + s, uint(1));
                Signal wordRd = wmem.read("wmem" + s + "_rd", wAddrW.trunc(wmem.addrWidth()), issue);
                Signal a = b.mux(dw, bankRd[p], broadcast);
                Signal nonZero = a.ne(b.lit(0, sint(8)));

                // entry count and (LFSR) draw target for the block
                Reg n = b.reg("n" + s, uint(cntBits), 0);
                Reg dq = b.reg("d" + s, uint(cntBits), 0);
                Reg inv = b.reg("inv" + s, uint(1), 0);
                Reg mq = b.reg("m" + s, uint(cntBits), 0);
                Reg lowMask = b.reg("low_mask" + s, uint(maxM), 0);
                Signal nP = mP;
                Signal dP = b.lit(0, uint(cntBits));
                Signal invP = b.lit(0, uint(1));
                if (format == SparseFormat.LFSR) {
                    Signal nb = d.get("nb").zextTo(Math.max(cntBits, d.get("nb").width())).add(flagData).trunc(cntBits);
                    nP = b.mux(mP.eq(b.lit(0, uint(1)).zextTo(cntBits)), b.lit(0, uint(cntBits)), nb);
                    invP = nP.zextTo(cntBits + 1).shl(1).gt(mP.zextTo(cntBits + 1));
                    dP = b.mux(invP, mP.sub(nP).trunc(cntBits), nP);
                }
                Signal onesM = b.lit(BigInteger.ONE.shiftLeft(maxM).subtract(BigInteger.ONE), uint(maxM));
                Signal lowMaskN = onesM.shr(b.lit(maxM, uint(bitsFor(maxM))).sub(mP.zextTo(bitsFor(maxM))).trunc(bitsFor(maxM)));
                final Signal nF = nP;
                final Signal dF = dP;
                final Signal invF = invP;
                b.when(isState[BS1], () -> {
                    b.set(n, nF);
                    b.set(dq, dF);
                    b.set(inv, invF);
                    b.set(mq, mP);
                    b.set(lowMask, lowMaskN);
                });

                Signal row0 = b.lit(0, uint(rowBits));
                Signal tap0 = b.lit(0, uint(tapBits));
                Signal lastP;
                Reg cntBase = null;
                if (format == SparseFormat.INDEX) {
                    // stored indices: per column and tap phase, the first entry's address and the entry count
                    List<BigInteger> cw = new ArrayList<>();
                    int imageAt = 0;
                    for (RamanProgram.Weighted w : layers) {
                        RamanProgram.PeImage img = w.pes()[p];
                        for (int c = 0; c + 1 < img.colStart().length; c++) {
                            int first = imageAt + img.colStart()[c];
                            for (int ph = 0; ph < w.stride(); ph++) {
                                int cnt = w.entries(img, c, ph);
                                cw.add(BigInteger.valueOf(first).shiftLeft(cntBits).or(BigInteger.valueOf(cnt)));
                                first += cnt;
                            }
                        }
                        imageAt += img.size();
                    }
                    while (cw.size() < 2) {
                        cw.add(BigInteger.ZERO);
                    }
                    Mem cmem = b.rom("cnt" + s, uint(wAw + 1 + cntBits), cw);
                    cntBase = b.reg("cnt_base" + s, uint(cmem.addrWidth() + 1), 0);
                    Signal cntRd = cmem.read("cnt" + s + "_rd", cntBase.add(phase).trunc(cmem.addrWidth()), actRe.and(isState[PASS].not()));
                    Signal first = cntRd.slice(wAw + cntBits, cntBits);
                    Signal count = cntRd.slice(cntBits - 1, 0);
                    Signal active = nonZero.and(has);
                    b.assign((shears.rtl.hdl.Wire) issue, isState[STEP].and(active).and(j.lt(count)));
                    lastP = active.not().or(j.add(1).ge(count));
                    b.assign((shears.rtl.hdl.Wire) wAddrW, first.add(j).trunc(wAw + 1));
                } else {
                    // LFSR draw (index-free format); dense weights keep every position of the block
                    Signal keep;
                    Signal classOffset = b.lit(0, uint(cntBits));
                    Signal phaseCur = fit(pos.add(d.get("pad")).and(fit(d.get("s_mask"), Math.max(posBits, d.get("pad").width()) + 1)), phaseBits);
                    if (format == SparseFormat.LFSR) {
                        Reg lfsr = b.reg("lfsr" + s, uint(16), 1);
                        Reg got = b.reg("got" + s, uint(cntBits), 0);
                        Reg cls = b.reg("cls" + s, uint(phaseBits), 0);
                        Reg drawn = b.reg("drawn" + s, uint(maxM), 0);
                        Reg invBits = b.reg("inv_bits" + s, uint(maxStride), 0);
                        Signal next = lfsr.shr(1).zextTo(16).xor(b.mux(lfsr.bit(0), b.lit(Lfsr.TAPS, uint(16)), b.lit(0, uint(16))));
                        // draw width of this PE's block: w = max(1, ceil(log2 m_p)), as a mask 2^w - 1
                        Signal mm1 = mq.sub(b.lit(1, uint(1)).zextTo(cntBits)).trunc(cntBits);
                        Signal smear = mm1;
                        for (int sh = 1; sh < cntBits; sh <<= 1) {
                            smear = smear.or(smear.shr(sh).zextTo(cntBits));
                        }
                        Signal drawMask = fit(smear.or(b.lit(1, uint(cntBits))), 16);
                        Signal v = next.and(drawMask).trunc(vb);
                        // the class being drawn: its kept count (base or base + 1 by the block's flag), positions, target
                        Signal nCls = b.lit(0, uint(cntBits));
                        Signal cCls = b.lit(0, uint(cntBits));
                        for (int ph = maxStride - 1; ph >= 0; ph--) {
                            Signal here = cls.eq(b.lit(ph, uint(phaseBits)));
                            nCls = b.mux(here, fit(b.mux(flagData, d.get("n1_" + ph), d.get("n0_" + ph)), cntBits), nCls);
                            cCls = b.mux(here, fit(d.get("c_" + ph), cntBits), cCls);
                        }
                        Signal mCls = fit(b.mux(dw, b.mux(has, cCls, b.lit(0, uint(1))), rows.mul(cCls)), cntBits);
                        Signal nEff = b.mux(mq.eq(b.lit(0, uint(cntBits))), b.lit(0, uint(cntBits)), nCls);
                        Signal invCls = nEff.zextTo(cntBits + 1).shl(1).gt(mCls.zextTo(cntBits + 1));
                        Signal dCls = b.mux(invCls, mCls.sub(nEff).trunc(cntBits), nEff);
                        // class of a drawn position: its tap (v mod K) times the dilation, mod the stride
                        Signal vRow = fit(v.mul(d.get("recip")).shr(RECIP_SHIFT), rowBits);
                        Signal vTap = fit(v.zextTo(vb + 1).sub(fit(vRow.mul(k), vb + 1)).trunc(vb + 1), tapBits);
                        Signal vTapEff = b.mux(dw, fit(v, tapBits), vTap);
                        Signal vCls = fit(vTapEff.mul(d.get("dil")).and(fit(d.get("s_mask"), tapBits + d.get("dil").width())), phaseBits);
                        Signal inRange = v.zextTo(Math.max(vb, cntBits)).lt(mq.zextTo(Math.max(vb, cntBits)));
                        Signal seen = drawn.shr(v).bit(0);
                        Signal accept = inRange.and(vCls.eq(cls)).and(seen.not());
                        Signal clsDone = got.eq(dCls);
                        Signal lastCls = cls.eq(fit(d.get("s_mask"), phaseBits));
                        allDrawDone = allDrawDone.and(clsDone.and(lastCls));
                        long peMix = (p * 0x9E37L) & 0xFFFF;
                        Signal seedX = dNow.get("seed").zextTo(16).xor(b.lit(peMix, uint(16)));
                        Signal seed = b.mux(seedX.eq(b.lit(0, uint(16))), b.lit(1, uint(16)), seedX);
                        b.when(isState[LD1], () -> b.set(lfsr, seed));
                        b.when(isState[BS1], () -> {
                            b.set(got, b.lit(0, uint(cntBits)));
                            b.set(cls, b.lit(0, uint(phaseBits)));
                            b.set(drawn, b.lit(0, uint(maxM)));
                        });
                        Signal invSet = invBits.and(b.lit(1, uint(maxStride)).shl(cls).not()).or(fit(invCls, maxStride).shl(cls));
                        b.when(isState[DRAW], () -> {
                            b.set(invBits, invSet);
                            b.when(clsDone, () -> b.when(lastCls.not(), () -> {
                                b.set(cls, cls.add(1).trunc(phaseBits));
                                b.set(got, b.lit(0, uint(cntBits)));
                            })).otherwise(() -> {
                                b.set(lfsr, next);
                                b.when(accept, () -> {
                                    b.set(got, got.add(1).trunc(cntBits));
                                    b.set(drawn, drawn.or(b.lit(1, uint(maxM)).shl(v)));
                                });
                            });
                        });
                        Signal invStep = invBits.shr(phaseCur).bit(0);
                        keep = b.mux(invStep, drawn.not().and(lowMask), drawn);
                        // weights are stored class by class: the step's class starts after the earlier classes' counts
                        for (int ph = maxStride - 1; ph >= 0; ph--) {
                            classOffset = b.mux(phaseCur.eq(b.lit(ph, uint(phaseBits))),
                                    fit(b.mux(flagData, d.get("o1_" + ph), d.get("o0_" + ph)), cntBits), classOffset);
                        }
                    } else {
                        keep = lowMask;
                    }
                    // scan the kept positions of this step's tap phase, lowest first, one per cycle
                    Reg scan = b.reg("scan" + s, uint(maxM), 0);
                    Signal keepStep = keep.and(phaseMask);
                    Signal cur = b.mux(j.eq(b.lit(0, uint(cntBits))), keepStep, scan);
                    Signal below = cur.sub(b.lit(1, uint(maxM))).trunc(maxM);
                    Signal oneHot = cur.and(below.not());
                    Signal rest = cur.and(below);
                    b.when(issue, () -> b.set(scan, rest));
                    b.assign((shears.rtl.hdl.Wire) issue, isState[STEP].and(nonZero).and(cur.orR()));
                    lastP = nonZero.not().or(rest.orR().not());
                    // address = rank of the position among the stored ones: dense stores every position in
                    // order; LFSR stores the kept positions class by class
                    Signal ranked = format == SparseFormat.LFSR ? keepStep : keep;
                    Signal rank = popcount(ranked.and(oneHot.sub(b.lit(1, uint(maxM))).trunc(maxM)));
                    b.assign((shears.rtl.hdl.Wire) wAddrW, colBase.add(classOffset).add(rank).trunc(wAw + 1));
                    Signal e = encode(oneHot, maxM, eBits);
                    Signal rowOff = e.mul(d.get("recip")).shr(RECIP_SHIFT);
                    Signal rowOffT = fit(rowOff, rowBits);
                    Signal tapW = e.zextTo(Math.max(eBits, 1) + 1).sub(rowOffT.mul(k)).trunc(Math.max(eBits, 1));
                    tap0 = fit(tapW, tapBits);
                    Signal rowBase = b.mux(dw, fit(blkRow, rowBits), b.lit(0, uint(rowBits)));
                    row0 = rowBase.add(rowOffT).trunc(rowBits);
                }
                allLast = allLast.and(lastP);
                // stage 1: weight word, output position, accumulator read
                Reg s1v = b.reg("s1v" + s, uint(1), 0);
                Reg s1a = b.reg("s1a" + s, sint(8), 0);
                Reg s1row = b.reg("s1row" + s, uint(rowBits), 0);
                Reg s1tap = b.reg("s1tap" + s, uint(tapBits), 0);
                Reg s1t = b.reg("s1t" + s, uint(posBits), 0);
                b.set(s1v, issue);
                final Signal rowF = row0;
                final Signal tapF = tap0;
                final Signal aF = a;
                b.when(issue, () -> {
                    b.set(s1a, aF);
                    b.set(s1row, rowF);
                    b.set(s1tap, tapF);
                    b.set(s1t, b.mux(dense, b.lit(0, uint(posBits)), pos));
                });
                Signal w1 = wordRd.trunc(wb).asSInt();
                Signal row1 = s1row;
                Signal tap1 = s1tap;
                if (format == SparseFormat.INDEX) {
                    Signal ri = wordRd.slice(wb + tapBits + rowIdxBits - 1, wb + tapBits);
                    row1 = fit(ri, rowBits);
                    tap1 = wordRd.slice(wb + tapBits - 1, wb);
                }
                Signal base = s1t.add(d.get("pad"));
                Signal sub = tap1.mul(d.get("dil"));
                int nw = Math.max(base.width(), sub.width());
                Signal reach = base.zextTo(nw).ge(sub.zextTo(nw));
                Signal num = base.zextTo(nw).sub(sub.zextTo(nw)).trunc(nw);
                Signal tout = num.shr(d.get("s_log2").zextTo(Math.max(1, d.get("s_log2").width())));
                Signal inside = tout.zextTo(Math.max(nw, posBits)).lt(d.get("out_l").zextTo(Math.max(nw, posBits)));
                // entries were chosen by tap phase, so num is a multiple of the stride; only the edges remain
                Signal valid1 = s1v.and(reach).and(inside);
                Signal accAddr1 = row1.mul(d.get("out_l")).add(tout.zextTo(Math.max(nw, 1))).trunc(Math.min(accAw, 64));
                Signal prod = s1a.mul(w1);

                // stage 2: accumulate. Entries of one step hit distinct accumulators, but the last entry
                // of one step and the first of the next (another tap phase) can hit the same one while
                // the first is still being written: its new value is forwarded.
                Reg s2v = b.reg("s2v" + s, uint(1), 0);
                Reg s2addr = b.reg("s2addr" + s, uint(accAw), 0);
                Reg s2prod = b.reg("s2prod" + s, sint(prod.width()), 0);
                Reg fwdHit = b.reg("fwd_hit" + s, uint(1), 0);
                int accBits = prog.params().accBits();
                Reg fwdVal = b.reg("fwd_val" + s, sint(accBits), 0);
                Mem acc = b.ram("acc" + s, sint(accBits), accDepth);
                Signal accRdAddr = b.mux(isState[PPU], paddr.trunc(accAw), accAddr1).trunc(acc.addrWidth());
                Signal accData = acc.read("acc" + s + "_rd", accRdAddr, isState[PPU].or(s1v));
                Signal old = b.mux(fwdHit, fwdVal, accData);
                Signal sum = old.add(s2prod.sextTo(accBits)).trunc(accBits);
                b.set(s2v, valid1);
                b.set(s2addr, accAddr1);
                b.set(s2prod, prod);
                b.set(fwdHit, s2v.and(valid1).and(s2addr.eq(accAddr1)));
                b.set(fwdVal, sum);

                // post-processing: bias, requantise, saturate, ReLU; clears the accumulator behind it
                List<BigInteger> consts = new ArrayList<>();
                for (RamanProgram.Weighted w : layers) {
                    for (int r = 0; r < w.rows(p, pes); r++) {
                        int o = r * pes + p;
                        Requantizer rq = w.requant()[o];
                        long mult = rq.shift() > MAX_HW_SHIFT ? 0 : rq.multiplier();
                        long sh = rq.shift() > MAX_HW_SHIFT ? 0 : rq.shift();
                        long biasBits = w.bias()[o] & 0xFFFFFFFFL;
                        consts.add(BigInteger.valueOf(biasBits).shiftLeft(Requantizer.MULTIPLIER_BITS + SHIFT_BITS)
                                .or(BigInteger.valueOf(mult << SHIFT_BITS | sh)));
                    }
                }
                while (consts.size() < 2) {
                    consts.add(BigInteger.ZERO);
                }
                int constBits = BIAS_BITS + Requantizer.MULTIPLIER_BITS + SHIFT_BITS;
                Mem cst = b.rom("const" + s, uint(constBits), consts);
                Reg constBase = b.reg("const_base" + s, uint(cst.addrWidth() + 1), 0);
                Signal cstData = cst.read("const" + s + "_rd", constBase.add(prow).trunc(cst.addrWidth()), isState[PPU]);
                Signal shiftPpu = cstData.slice(SHIFT_BITS - 1, 0);
                Signal mult = cstData.slice(SHIFT_BITS + Requantizer.MULTIPLIER_BITS - 1, SHIFT_BITS);
                Signal bias = cstData.slice(constBits - 1, SHIFT_BITS + Requantizer.MULTIPLIER_BITS).asSInt();
                // pass unit: combine this output's inputs (max, or sum of input x weight), then the same rescaling
                Reg passAcc = b.reg("pass_acc" + s, sint(34), 0);
                Signal pv = bankRd[p];
                Signal pw = b.mux(pjD.eq(b.lit(1, uint(readBits))), fit(d.get("wb"), 16), fit(d.get("wa"), 16)).asSInt();
                Signal term = pv.mul(pw.sextTo(17)).sextTo(34);
                Signal first = b.mux(d.get("pmax"), pv.sextTo(34), term);
                Signal later = b.mux(d.get("pmax"), b.mux(pv.sextTo(34).gt(passAcc), pv.sextTo(34), passAcc),
                        passAcc.add(term).trunc(34));
                Signal combined = b.mux(pjD.eq(b.lit(0, uint(readBits))), first, later);
                b.when(passV, () -> b.set(passAcc, combined));
                Signal multSel = b.mux(passV, fit(d.get("pmult"), Requantizer.MULTIPLIER_BITS), mult);
                Signal shift = b.mux(passV, fit(d.get("pshift"), SHIFT_BITS), shiftPpu);
                Signal v = b.mux(passV, combined, accData.sextTo(34).add(bias.sextTo(34)).trunc(34));
                Signal product = v.mul(multSel.zextTo(16).asSInt());
                Signal one = b.lit(1, uint(52));
                Signal round = b.mux(shift.eq(b.lit(0, uint(SHIFT_BITS))), b.lit(0, uint(52)),
                        one.shl(shift.sub(b.lit(1, uint(SHIFT_BITS))).trunc(SHIFT_BITS)));
                Signal total = product.sextTo(53).add(round.zextTo(53).asSInt()).trunc(53);
                Signal q = total.shr(shift);
                Signal sat = b.mux(q.gt(b.slit(127).sextTo(53)), b.slit(127).sextTo(8),
                        b.mux(q.lt(b.slit(-128).sextTo(53)), b.slit(-128).sextTo(8), q.trunc(8)));
                Signal outVal = b.mux(d.get("relu").and(sat.lt(b.slit(0).sextTo(8))), b.slit(0).sextTo(8), sat);
                Signal ppuWe = ppuV.or(passV.and(pLastD)).and(prowD.lt(rows));
                Signal outAddr = fit(d.get("out_base").add(paddrD), bankAw);

                Signal accWe = isState[INIT].or(ppuV).or(s2v);
                Signal accWa = b.mux(isState[INIT], initAddr, b.mux(ppuV, paddrD, s2addr.zextTo(accAw + 1))).trunc(acc.addrWidth());
                Signal accWd = b.mux(isState[INIT].or(ppuV), b.slit(0).sextTo(accBits), sum);
                acc.write(accWe, accWa, accWd);

                Signal ldMine = log2P == 0 ? b.lit(1, uint(1)) : ldBank.eq(b.lit(p, uint(log2P)));
                Signal hostWe = busy.not().and(ldEn).and(ldMine);
                banks[p].write(ppuWe.or(hostWe), b.mux(busy, outAddr, ldAddr), b.mux(busy, outVal, ldData));

                // per-PE pointers across blocks and layers
                Signal stepDoneP = isState[STEP].and(stepDoneW);
                b.when(isState[IDLE].and(start), () -> {
                    b.set(colBase, b.lit(0, uint(wAw + 1)));
                    b.set(constBase, b.lit(0, uint(constBase.width())));
                });
                final Reg cntBaseF = cntBase;
                final Signal hasF = has;
                b.when(stepDoneP.and(blockEnd), () -> {
                    b.set(colBase, colBase.add(n).trunc(wAw + 1));
                    if (cntBaseF != null) {
                        Signal strideW = d.get("s_mask").zextTo(cntBaseF.width()).add(1).trunc(cntBaseF.width());
                        b.when(hasF, () -> b.set(cntBaseF, cntBaseF.add(strideW).trunc(cntBaseF.width())));
                    }
                });
                if (cntBase != null) {
                    b.when(isState[IDLE].and(start), () -> b.set(cntBaseF, b.lit(0, uint(cntBaseF.width()))));
                }
                Signal ppuLast = isState[PPU].and(paddr.add(1).eq(d.get("ppu_len")));
                b.when(ppuLast, () -> b.set(constBase, constBase.add(rows).trunc(constBase.width())));
            }
            b.assign((shears.rtl.hdl.Wire) stepDoneW, allLast);

            // ---- controller transitions ----------------------------------------------------------------
            Signal ppuLen = d.get("ppu_len");
            Signal ppuLast = paddr.add(1).eq(ppuLen);
            Signal lastLayer = layer.add(1).eq(b.lit(steps.size(), uint(layerBits + 1)));
            b.when(isState[INIT], () -> {
                b.set(initAddr, initAddr.add(1).trunc(accAw + 1));
                b.when(initAddr.eq(b.lit(accDepth - 1, uint(accAw + 1))), () -> b.set(state, IDLE));
            });
            b.when(isState[IDLE].and(start), () -> {
                b.set(state, LD0);
                b.set(layer, b.lit(0, uint(layerBits)));
                b.set(cycles, b.lit(0, uint(32)));
            });
            b.when(busy, () -> b.set(cycles, cycles.add(1).trunc(32)));
            b.when(isState[LD0], () -> b.set(state, LD1));
            b.when(isState[LD1], () -> {
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
                b.set(state, b.mux(dNow.get("pass"), b.lit(PASS, uint(4)), b.lit(BS0, uint(4))));
            });
            b.set(passV, isState[PASS]);
            b.set(pjD, pj);
            b.set(pLastD, isState[PASS].and(pj.add(1).eq(fit(d.get("reads"), readBits + 1))));
            b.when(isState[PASS], () -> {
                b.set(pj, pj.add(1).trunc(readBits));
                b.when(pj.add(1).eq(fit(d.get("reads"), readBits + 1)), () -> {
                    b.set(pj, b.lit(0, uint(readBits)));
                    b.set(paddr, paddr.add(1).trunc(outIdxBits));
                    Signal colWrap = pcol.add(1).eq(d.get("out_l"));
                    b.set(pcol, b.mux(colWrap, b.lit(0, uint(posBits)), pcol.add(1).trunc(posBits)));
                    Signal subWrap = psub.add(1).eq(fit(d.get("upf"), psub.width() + 1));
                    b.set(psub, b.mux(subWrap, b.lit(0, uint(psub.width())), psub.add(1).trunc(psub.width())));
                    b.when(subWrap, () -> b.set(psrc, psrc.add(d.get("pstride")).trunc(bankAw)));
                    b.when(colWrap, () -> {
                        b.set(prow, prow.add(1).trunc(rowBits));
                        b.set(prowIn, prowIn.add(d.get("pin_l")).trunc(bankAw));
                        b.set(psrc, b.lit(0, uint(bankAw)));
                        b.set(psub, b.lit(0, uint(psub.width())));
                    });
                    b.when(paddr.add(1).eq(fit(d.get("pppu_len"), outIdxBits + 1)), () -> {
                        b.set(layer, layer.add(1).trunc(layerBits));
                        b.set(state, b.mux(lastLayer, b.lit(FIN, uint(4)), b.lit(LD0, uint(4))));
                    });
                });
            });
            b.when(isState[BS0], () -> b.set(state, BS1));
            b.when(isState[BS1], () -> {
                b.set(j, b.lit(0, uint(cntBits)));
                b.set(state, format == SparseFormat.LFSR ? b.lit(DRAW, uint(4)) : b.lit(STEP, uint(4)));
            });
            final Signal allDrawDoneF = allDrawDone;
            b.when(isState[DRAW].and(allDrawDoneF), () -> b.set(state, STEP));
            b.when(isState[STEP], () -> {
                b.set(j, j.add(1).trunc(cntBits));
                b.when(stepDoneW, () -> {
                    b.set(j, b.lit(0, uint(cntBits)));
                    b.set(pos, posN);
                    b.set(ch, chN);
                    b.set(rowAddr, rowAddrN);
                    b.when(blockEnd, () -> {
                        b.set(blk, blk.add(1).trunc(blkBits));
                        b.set(state, b.mux(layerEnd, b.lit(DR0, uint(4)), b.lit(BS0, uint(4))));
                    });
                });
            });
            b.when(isState[DR0], () -> b.set(state, DR1));
            b.when(isState[DR1], () -> {
                b.set(state, PPU);
                b.set(paddr, b.lit(0, uint(outIdxBits)));
                b.set(pcol, b.lit(0, uint(posBits)));
                b.set(prow, b.lit(0, uint(rowBits)));
            });
            b.set(ppuV, isState[PPU]);
            b.set(paddrD, paddr);
            b.set(prowD, prow);
            b.when(isState[PPU], () -> {
                b.set(paddr, paddr.add(1).trunc(outIdxBits));
                Signal colWrap = pcol.add(1).eq(d.get("out_l"));
                b.set(pcol, b.mux(colWrap, b.lit(0, uint(posBits)), pcol.add(1).trunc(posBits)));
                b.when(colWrap, () -> b.set(prow, prow.add(1).trunc(rowBits)));
                b.when(ppuLast, () -> {
                    b.set(layer, layer.add(1).trunc(layerBits));
                    b.set(state, b.mux(lastLayer, b.lit(FIN, uint(4)), b.lit(LD0, uint(4))));
                });
            });
            b.when(isState[FIN], () -> b.set(state, IDLE));

            b.assign(b.output("busy", uint(1)), busy);
            b.assign(b.output("ready", uint(1)), isState[INIT].not());
            b.assign(b.output("done", uint(1)), isState[FIN]);
            b.assign(b.output("cycles", uint(32)), cycles);
            b.assign(b.output("rd_data", sint(8)), rdData);
            return b.build();
        }

        /** Output channels of PE p for the descriptor's {@code out_c}: (out_c + P - 1 - p) >> log2 P. */
        Signal rowsOf(Signal outC, int p, int rowBits) {
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
            List<Signal> level = new ArrayList<>();
            for (int i = 0; i < v.width(); i++) {
                level.add(v.bit(i));
            }
            while (level.size() > 1) {
                List<Signal> next = new ArrayList<>();
                for (int i = 0; i + 1 < level.size(); i += 2) {
                    next.add(level.get(i).add(level.get(i + 1)));
                }
                if (level.size() % 2 == 1) {
                    next.add(level.get(level.size() - 1));
                }
                level = next;
            }
            return level.get(0);
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
                out[bits - 1 - i] = mask.signum() == 0 ? b.lit(0, uint(1)) : oneHot.and(b.lit(mask, uint(width))).orR();
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
}
