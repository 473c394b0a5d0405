package shears.accelerators.raman;

import static shears.accelerators.raman.RamanGen.fit;
import static shears.accelerators.raman.RamanRtl.BS1;
import static shears.accelerators.raman.RamanRtl.DRAW;
import static shears.accelerators.raman.RamanRtl.IDLE;
import static shears.accelerators.raman.RamanRtl.INIT;
import static shears.accelerators.raman.RamanRtl.LD1;
import static shears.accelerators.raman.RamanRtl.PASS;
import static shears.accelerators.raman.RamanRtl.PPU;
import static shears.accelerators.raman.RamanRtl.STEP;
import static shears.accelerators.raman.RamanRtl.bitsFor;
import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.models.prune.Lfsr;
import shears.models.quant.Requantizer;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;
import shears.rtl.hdl.Wire;

/**
 * One RAMAN processing element inside {@link RamanGen}'s module: its weight memory, the block's entry
 * count (and, index-free, its LFSR draw), the scan that issues one kept weight per cycle, the
 * two-stage multiply-accumulate with forwarding, the post-processing unit (bias, requantisation,
 * saturation, ReLU, and the pass unit's max or weighted sum) and its pointers across blocks and
 * layers. Built once; the units are methods in the order the module lists them.
 */
final class RamanPe {
    private static final int SHIFT_BITS = 6;

    private final RamanGen g;
    private final ModuleBuilder b;
    private final int p;
    private final String s;

    private Signal rows;
    private Signal has;
    private Signal k;
    private Signal mP;
    private Reg colBase;
    private Signal wAddrW;
    private Signal issue;
    private Signal wordRd;
    private Signal a;
    private Signal nonZero;
    private Reg n;
    private Reg mq;
    private Reg lowMask;
    private Signal row0;
    private Signal tap0;
    private Signal lastP;
    private Reg cntBase;
    private Reg constBase;
    private Mem acc;
    private Signal accData;
    private Signal sum;
    private Reg s2v;
    private Reg s2addr;

    RamanPe(RamanGen g, int p) {
        this.g = g;
        this.b = g.b;
        this.p = p;
        this.s = "_" + p;
    }

    void build() {
        rows = g.rowsOf(g.d.get("out_c"), p);
        has = g.dw.not().or(g.blkRow.lt(rows.zextTo(Math.max(g.rowBits, g.chBits))));
        k = g.d.get("k");
        mP = fit(b.mux(g.dw, b.mux(has, k, b.lit(0, uint(1))), rows.mul(k)), g.cntBits);
        weightMemory();
        blockCounts();
        row0 = b.lit(0, uint(g.rowBits));
        tap0 = b.lit(0, uint(g.tapBits));
        if (g.format == SparseFormat.INDEX) {
            indexScan();
        } else {
            positionScan();
        }
        g.allLast = g.allLast.and(lastP);
        multiplyAccumulate();
        postProcess();
        pointers();
    }

    /** Weight words in fold order: a ROM image, or a RAM behind the host's load port. */
    private void weightMemory() {
        long[] image = RamanRtl.weightImage(g.prog, p, g.lay.weightDepth());
        List<BigInteger> words = new ArrayList<>();
        for (long word : image) {
            words.add(BigInteger.valueOf(word));
        }
        colBase = b.reg("col_base" + s, uint(g.wAw + 1), 0);
        wAddrW = b.wire("waddr" + s, uint(g.wAw + 1));
        Mem wmem;
        if (g.options.weightLoadPort()) {
            wmem = b.ram("wmem" + s, uint(g.wordBits), g.lay.weightDepth());
            Signal mine = g.wlPe.eq(b.lit(p, uint(Math.max(1, g.log2P))));
            wmem.write(g.wlEn.and(mine).and(g.busy.not()), g.wlAddr, g.wlData);
        } else {
            wmem = b.rom("wmem" + s, uint(g.wordBits), words);
        }
        issue = b.wire("issue" + s, uint(1));
        wordRd = wmem.read("wmem" + s + "_rd", wAddrW.trunc(wmem.addrWidth()), issue);
        a = b.mux(g.dw, g.bankRd[p], g.broadcast);
        nonZero = a.ne(b.lit(0, sint(8)));
    }

    /** The block's entry count and (LFSR) draw target, latched at BS1. */
    private void blockCounts() {
        int cntBits = g.cntBits;
        n = b.reg("n" + s, uint(cntBits), 0);
        Reg dq = b.reg("d" + s, uint(cntBits), 0);
        Reg inv = b.reg("inv" + s, uint(1), 0);
        mq = b.reg("m" + s, uint(cntBits), 0);
        lowMask = b.reg("low_mask" + s, uint(g.maxM), 0);
        Signal nP = mP;
        Signal dP = b.lit(0, uint(cntBits));
        Signal invP = b.lit(0, uint(1));
        if (g.format == SparseFormat.LFSR) {
            Signal nb = g.d.get("nb")
                    .zextTo(Math.max(cntBits, g.d.get("nb").width()))
                    .add(g.flagData)
                    .trunc(cntBits);
            nP = b.mux(mP.eq(b.lit(0, uint(1)).zextTo(cntBits)), b.lit(0, uint(cntBits)), nb);
            invP = nP.zextTo(cntBits + 1).shl(1).gt(mP.zextTo(cntBits + 1));
            dP = b.mux(invP, mP.sub(nP).trunc(cntBits), nP);
        }
        int maxM = g.maxM;
        Signal onesM = b.lit(BigInteger.ONE.shiftLeft(maxM).subtract(BigInteger.ONE), uint(maxM));
        Signal lowMaskN = onesM.shr(
                b.lit(maxM, uint(bitsFor(maxM))).sub(mP.zextTo(bitsFor(maxM))).trunc(bitsFor(maxM)));
        final Signal nF = nP;
        final Signal dF = dP;
        final Signal invF = invP;
        b.when(g.isState[BS1], () -> {
            b.set(n, nF);
            b.set(dq, dF);
            b.set(inv, invF);
            b.set(mq, mP);
            b.set(lowMask, lowMaskN);
        });
    }

    /** Stored indices: per column and tap phase, the first entry's address and the entry count. */
    private void indexScan() {
        int cntBits = g.cntBits;
        List<BigInteger> cw = new ArrayList<>();
        int imageAt = 0;
        for (RamanProgram.Weighted w : g.layers) {
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
        Mem cmem = b.rom("cnt" + s, uint(g.wAw + 1 + cntBits), cw);
        cntBase = b.reg("cnt_base" + s, uint(cmem.addrWidth() + 1), 0);
        Signal cntRd = cmem.read(
                "cnt" + s + "_rd", cntBase.add(g.phase).trunc(cmem.addrWidth()), g.actRe.and(g.isState[PASS].not()));
        Signal first = cntRd.slice(g.wAw + cntBits, cntBits);
        Signal count = cntRd.slice(cntBits - 1, 0);
        Signal active = nonZero.and(has);
        b.assign((Wire) issue, g.isState[STEP].and(active).and(g.j.lt(count)));
        lastP = active.not().or(g.j.add(1).ge(count));
        b.assign((Wire) wAddrW, first.add(g.j).trunc(g.wAw + 1));
    }

    /** Index-free formats: scan the kept positions of this step's tap phase, lowest first, one per cycle. */
    private void positionScan() {
        int cntBits = g.cntBits;
        int maxM = g.maxM;
        Signal keep = lowMask; // dense weights keep every position of the block
        Signal classOffset = b.lit(0, uint(cntBits));
        Signal phaseCur = fit(
                g.pos.add(g.d.get("pad"))
                        .and(fit(
                                g.d.get("s_mask"),
                                Math.max(g.posBits, g.d.get("pad").width()) + 1)),
                g.phaseBits);
        if (g.format == SparseFormat.LFSR) {
            Signal[] drawn = lfsrDraw(phaseCur, classOffset);
            keep = drawn[0];
            classOffset = drawn[1];
        }
        Reg scan = b.reg("scan" + s, uint(maxM), 0);
        Signal keepStep = keep.and(g.phaseMask);
        Signal cur = b.mux(g.j.eq(b.lit(0, uint(cntBits))), keepStep, scan);
        Signal below = cur.sub(b.lit(1, uint(maxM))).trunc(maxM);
        Signal oneHot = cur.and(below.not());
        Signal rest = cur.and(below);
        b.when(issue, () -> b.set(scan, rest));
        b.assign((Wire) issue, g.isState[STEP].and(nonZero).and(cur.orR()));
        lastP = nonZero.not().or(rest.orR().not());
        // address = rank of the position among the stored ones: dense stores every position in
        // order; LFSR stores the kept positions class by class
        Signal ranked = g.format == SparseFormat.LFSR ? keepStep : keep;
        Signal rank = g.popcount(ranked.and(oneHot.sub(b.lit(1, uint(maxM))).trunc(maxM)));
        b.assign((Wire) wAddrW, colBase.add(classOffset).add(rank).trunc(g.wAw + 1));
        Signal e = g.encode(oneHot, maxM, g.eBits);
        Signal rowOff = e.mul(g.d.get("recip")).shr(RamanRtl.RECIP_SHIFT);
        Signal rowOffT = fit(rowOff, g.rowBits);
        Signal tapW = e.zextTo(Math.max(g.eBits, 1) + 1).sub(rowOffT.mul(k)).trunc(Math.max(g.eBits, 1));
        tap0 = fit(tapW, g.tapBits);
        Signal rowBase = b.mux(g.dw, fit(g.blkRow, g.rowBits), b.lit(0, uint(g.rowBits)));
        row0 = rowBase.add(rowOffT).trunc(g.rowBits);
    }

    /**
     * The LFSR draw of the index-free format: during DRAW each PE draws its block's kept positions
     * class (tap phase) by class; returns the kept-position vector for the step in tap phase
     * {@code phaseCur} and the step's class offset in the class-ordered weight words (counted on
     * from {@code classOffset}).
     */
    private Signal[] lfsrDraw(Signal phaseCur, Signal classOffset) {
        int cntBits = g.cntBits;
        int maxM = g.maxM;
        int phaseBits = g.phaseBits;
        int maxStride = g.maxStride;
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
        Signal v = next.and(drawMask).trunc(g.vb);
        Signal[] target = classTarget(cls);
        Signal invCls = target[0];
        Signal dCls = target[1];
        Signal accept = drawAccepts(v, cls, drawn);
        Signal clsDone = got.eq(dCls);
        Signal lastCls = cls.eq(fit(g.d.get("s_mask"), phaseBits));
        g.allDrawDone = g.allDrawDone.and(clsDone.and(lastCls));
        long peMix = (p * 0x9E37L) & 0xFFFF;
        Signal seedX = g.dNow.get("seed").zextTo(16).xor(b.lit(peMix, uint(16)));
        Signal seed = b.mux(seedX.eq(b.lit(0, uint(16))), b.lit(1, uint(16)), seedX);
        b.when(g.isState[LD1], () -> b.set(lfsr, seed));
        b.when(g.isState[BS1], () -> {
            b.set(got, b.lit(0, uint(cntBits)));
            b.set(cls, b.lit(0, uint(phaseBits)));
            b.set(drawn, b.lit(0, uint(maxM)));
        });
        Signal invSet = invBits.and(b.lit(1, uint(maxStride)).shl(cls).not())
                .or(fit(invCls, maxStride).shl(cls));
        b.when(g.isState[DRAW], () -> {
            b.set(invBits, invSet);
            b.when(
                            clsDone,
                            () -> b.when(lastCls.not(), () -> {
                                b.set(cls, cls.add(1).trunc(phaseBits));
                                b.set(got, b.lit(0, uint(cntBits)));
                            }))
                    .otherwise(() -> {
                        b.set(lfsr, next);
                        b.when(accept, () -> {
                            b.set(got, got.add(1).trunc(cntBits));
                            b.set(drawn, drawn.or(b.lit(1, uint(maxM)).shl(v)));
                        });
                    });
        });
        Signal invStep = invBits.shr(phaseCur).bit(0);
        Signal keep = b.mux(invStep, drawn.not().and(lowMask), drawn);
        // weights are stored class by class: the step's class starts after the earlier classes' counts
        for (int ph = maxStride - 1; ph >= 0; ph--) {
            classOffset = b.mux(
                    phaseCur.eq(b.lit(ph, uint(phaseBits))),
                    fit(b.mux(g.flagData, g.d.get("o1_" + ph), g.d.get("o0_" + ph)), cntBits),
                    classOffset);
        }
        return new Signal[] {keep, classOffset};
    }

    /**
     * The class being drawn: its kept count (base or base + 1 by the block's flag) over its positions;
     * returns {whether the complement is drawn, the number of positions to draw}.
     */
    private Signal[] classTarget(Reg cls) {
        int cntBits = g.cntBits;
        Signal nCls = b.lit(0, uint(cntBits));
        Signal cCls = b.lit(0, uint(cntBits));
        for (int ph = g.maxStride - 1; ph >= 0; ph--) {
            Signal here = cls.eq(b.lit(ph, uint(g.phaseBits)));
            nCls = b.mux(here, fit(b.mux(g.flagData, g.d.get("n1_" + ph), g.d.get("n0_" + ph)), cntBits), nCls);
            cCls = b.mux(here, fit(g.d.get("c_" + ph), cntBits), cCls);
        }
        Signal mCls = fit(b.mux(g.dw, b.mux(has, cCls, b.lit(0, uint(1))), rows.mul(cCls)), cntBits);
        Signal nEff = b.mux(mq.eq(b.lit(0, uint(cntBits))), b.lit(0, uint(cntBits)), nCls);
        Signal invCls = nEff.zextTo(cntBits + 1).shl(1).gt(mCls.zextTo(cntBits + 1));
        Signal dCls = b.mux(invCls, mCls.sub(nEff).trunc(cntBits), nEff);
        return new Signal[] {invCls, dCls};
    }

    /** A drawn position counts if it lies in the block, belongs to the class being drawn and is new. */
    private Signal drawAccepts(Signal v, Reg cls, Reg drawn) {
        int vb = g.vb;
        int tapBits = g.tapBits;
        // class of a drawn position: its tap (v mod K) times the dilation, mod the stride
        Signal vRow = fit(v.mul(g.d.get("recip")).shr(RamanRtl.RECIP_SHIFT), g.rowBits);
        Signal vTap = fit(v.zextTo(vb + 1).sub(fit(vRow.mul(k), vb + 1)).trunc(vb + 1), tapBits);
        Signal vTapEff = b.mux(g.dw, fit(v, tapBits), vTap);
        Signal vCls = fit(
                vTapEff.mul(g.d.get("dil"))
                        .and(fit(g.d.get("s_mask"), tapBits + g.d.get("dil").width())),
                g.phaseBits);
        Signal inRange = v.zextTo(Math.max(vb, g.cntBits)).lt(mq.zextTo(Math.max(vb, g.cntBits)));
        Signal seen = drawn.shr(v).bit(0);
        return inRange.and(vCls.eq(cls)).and(seen.not());
    }

    /**
     * Stage 1 reads the weight word and finds the output position and accumulator; stage 2
     * accumulates. Entries of one step hit distinct accumulators, but the last entry of one step and
     * the first of the next (another tap phase) can hit the same one while the first is still being
     * written: its new value is forwarded.
     */
    private void multiplyAccumulate() {
        int rowBits = g.rowBits;
        int tapBits = g.tapBits;
        int posBits = g.posBits;
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
            b.set(s1t, b.mux(g.dense, b.lit(0, uint(posBits)), g.pos));
        });
        Signal w1 = wordRd.trunc(g.wb).asSInt();
        Signal row1 = s1row;
        Signal tap1 = s1tap;
        if (g.format == SparseFormat.INDEX) {
            Signal ri = wordRd.slice(g.wb + tapBits + g.rowIdxBits - 1, g.wb + tapBits);
            row1 = fit(ri, rowBits);
            tap1 = wordRd.slice(g.wb + tapBits - 1, g.wb);
        }
        Signal base = s1t.add(g.d.get("pad"));
        Signal sub = tap1.mul(g.d.get("dil"));
        int nw = Math.max(base.width(), sub.width());
        Signal reach = base.zextTo(nw).ge(sub.zextTo(nw));
        Signal num = base.zextTo(nw).sub(sub.zextTo(nw)).trunc(nw);
        Signal tout =
                num.shr(g.d.get("s_log2").zextTo(Math.max(1, g.d.get("s_log2").width())));
        Signal inside = tout.zextTo(Math.max(nw, posBits)).lt(g.d.get("out_l").zextTo(Math.max(nw, posBits)));
        // entries were chosen by tap phase, so num is a multiple of the stride; only the edges remain
        Signal valid1 = s1v.and(reach).and(inside);
        Signal accAddr1 =
                row1.mul(g.d.get("out_l")).add(tout.zextTo(Math.max(nw, 1))).trunc(Math.min(g.accAw, 64));
        Signal prod = s1a.mul(w1);

        s2v = b.reg("s2v" + s, uint(1), 0);
        s2addr = b.reg("s2addr" + s, uint(g.accAw), 0);
        Reg s2prod = b.reg("s2prod" + s, sint(prod.width()), 0);
        Reg fwdHit = b.reg("fwd_hit" + s, uint(1), 0);
        int accBits = g.prog.params().accBits();
        Reg fwdVal = b.reg("fwd_val" + s, sint(accBits), 0);
        acc = b.ram("acc" + s, sint(accBits), g.accDepth);
        Signal accRdAddr =
                b.mux(g.isState[PPU], g.paddr.trunc(g.accAw), accAddr1).trunc(acc.addrWidth());
        accData = acc.read("acc" + s + "_rd", accRdAddr, g.isState[PPU].or(s1v));
        Signal old = b.mux(fwdHit, fwdVal, accData);
        sum = old.add(s2prod.sextTo(accBits)).trunc(accBits);
        b.set(s2v, valid1);
        b.set(s2addr, accAddr1);
        b.set(s2prod, prod);
        b.set(fwdHit, s2v.and(valid1).and(s2addr.eq(accAddr1)));
        b.set(fwdVal, sum);
    }

    /** Bias, requantisation multiplier and shift of every output row of this PE, one ROM word each. */
    private Mem constants() {
        List<BigInteger> consts = new ArrayList<>();
        for (RamanProgram.Weighted w : g.layers) {
            for (int r = 0; r < w.rows(p, g.pes); r++) {
                int o = r * g.pes + p;
                Requantizer rq = w.requant()[o];
                long mult = rq.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : rq.multiplier();
                long sh = rq.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : rq.shift();
                // the compiler holds |bias| within the accumulator, so the accumulator's bits store it
                long biasField = w.bias()[o] & ((1L << biasBits()) - 1);
                consts.add(BigInteger.valueOf(biasField)
                        .shiftLeft(Requantizer.MULTIPLIER_BITS + SHIFT_BITS)
                        .or(BigInteger.valueOf(mult << SHIFT_BITS | sh)));
            }
        }
        while (consts.size() < 2) {
            consts.add(BigInteger.ZERO);
        }
        return b.rom("const" + s, uint(biasBits() + Requantizer.MULTIPLIER_BITS + SHIFT_BITS), consts);
    }

    /**
     * Post-processing: bias, requantise, saturate, ReLU, written to the activation bank; clears the
     * accumulator behind it. The pass unit combines an output's inputs (max, or sum of input times
     * weight) and shares the rescaling.
     */
    private void postProcess() {
        int constBits = biasBits() + Requantizer.MULTIPLIER_BITS + SHIFT_BITS;
        Mem cst = constants();
        constBase = b.reg("const_base" + s, uint(cst.addrWidth() + 1), 0);
        Signal cstData = cst.read("const" + s + "_rd", constBase.add(g.prow).trunc(cst.addrWidth()), g.isState[PPU]);
        Signal shiftPpu = cstData.slice(SHIFT_BITS - 1, 0);
        Signal mult = cstData.slice(SHIFT_BITS + Requantizer.MULTIPLIER_BITS - 1, SHIFT_BITS);
        Signal bias = cstData.slice(constBits - 1, SHIFT_BITS + Requantizer.MULTIPLIER_BITS)
                .asSInt();
        int vBits = ppuBits(g.prog);
        Signal combined = passCombine(vBits);
        Signal multSel = b.mux(g.passV, fit(g.d.get("pmult"), Requantizer.MULTIPLIER_BITS), mult);
        Signal shift = b.mux(g.passV, fit(g.d.get("pshift"), SHIFT_BITS), shiftPpu);
        // exact in vBits: the compiler holds |acc + bias| within the accumulator (checkAccumulator)
        Signal v = b.mux(
                g.passV, combined, accData.sextTo(vBits).add(bias.sextTo(vBits)).trunc(vBits));
        Signal outVal = requantise(v, multSel, shift, largestShift(g.prog));
        Signal ppuWe = g.ppuV.or(g.passV.and(g.pLastD)).and(g.prowD.lt(rows));
        Signal outAddr = fit(g.d.get("out_base").add(g.paddrD), g.bankAw);

        int accAw = g.accAw;
        Signal accWe = g.isState[INIT].or(g.ppuV).or(s2v);
        Signal accWa = b.mux(g.isState[INIT], g.initAddr, b.mux(g.ppuV, g.paddrD, s2addr.zextTo(accAw + 1)))
                .trunc(acc.addrWidth());
        Signal accWd = b.mux(
                g.isState[INIT].or(g.ppuV), b.slit(0).sextTo(g.prog.params().accBits()), sum);
        acc.write(accWe, accWa, accWd);

        Signal ldMine = g.log2P == 0 ? b.lit(1, uint(1)) : g.ldBank.eq(b.lit(p, uint(g.log2P)));
        Signal hostWe = g.busy.not().and(g.ldEn).and(ldMine);
        g.banks[p].write(ppuWe.or(hostWe), b.mux(g.busy, outAddr, g.ldAddr), b.mux(g.busy, outVal, g.ldData));
    }

    /**
     * Bits of the values the post-processing unit rescales, signed: an accumulator plus its bias,
     * which the compiler holds within the accumulator's bits, or a pass's combination (a max of int8
     * values, or int8 inputs times the pass's weights summed over its reads). Far fewer than the 34
     * the widest program could need, so the requantiser's multiplier, adder and shifter shrink.
     */
    static int ppuBits(RamanProgram prog) {
        long bound = 128;
        for (RamanProgram.Step st : prog.steps()) {
            if (st instanceof RamanProgram.Pass ps && ps.kind() != RamanProgram.PassKind.MAXPOOL) {
                long sum = 0;
                for (int j = 0; j < ps.reads(); j++) {
                    sum += 128L * Math.abs(j == 1 ? ps.weightB() : ps.weightA());
                }
                bound = Math.max(bound, sum);
            }
        }
        return Math.min(34, Math.max(prog.params().accBits(), bitsFor(bound) + 1));
    }

    /** Bits of a stored bias: the accumulator's. */
    private int biasBits() {
        return g.prog.params().accBits();
    }

    /**
     * The largest requantisation shift the hardware applies (a shift above {@link RamanRtl#MAX_HW_SHIFT}
     * is stored as factor 0 with shift 0, for layers and passes alike): what the rounding term must hold.
     */
    static int largestShift(RamanProgram prog) {
        int largest = 0;
        for (RamanProgram.Step st : prog.steps()) {
            if (st instanceof RamanProgram.Pass ps) {
                largest = Math.max(largest, ps.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : ps.shift());
            } else if (st instanceof RamanProgram.Weighted w) {
                for (Requantizer rq : w.requant()) {
                    largest = Math.max(largest, rq.shift() > RamanRtl.MAX_HW_SHIFT ? 0 : rq.shift());
                }
            }
        }
        return largest;
    }

    /** The pass unit's running max or weighted sum of this output's inputs, in {@code bits} (see {@link #ppuBits}). */
    private Signal passCombine(int bits) {
        Reg passAcc = b.reg("pass_acc" + s, sint(bits), 0);
        Signal pv = g.bankRd[p];
        Signal pw = b.mux(g.pjD.eq(b.lit(1, uint(g.readBits))), fit(g.d.get("wb"), 16), fit(g.d.get("wa"), 16))
                .asSInt();
        Signal product = pv.mul(pw.sextTo(17));
        Signal term = product.width() > bits ? product.trunc(bits) : product.sextTo(bits);
        Signal first = b.mux(g.d.get("pmax"), pv.sextTo(bits), term);
        Signal later = b.mux(
                g.d.get("pmax"),
                b.mux(pv.sextTo(bits).gt(passAcc), pv.sextTo(bits), passAcc),
                passAcc.add(term).trunc(bits));
        Signal combined = b.mux(g.pjD.eq(b.lit(0, uint(g.readBits))), first, later);
        b.when(g.passV, () -> b.set(passAcc, combined));
        return combined;
    }

    /**
     * v x mult, rounded right shift, saturated to int8, ReLU if the step asks. The sum is as wide as
     * the product or the largest rounding term {@code 2^(largestShift - 1)}, plus a sign bit, so
     * nothing overflows and the result equals the golden model's.
     */
    private Signal requantise(Signal v, Signal multSel, Signal shift, int largestShift) {
        Signal product = v.mul(multSel.zextTo(16).asSInt());
        int roundBits = Math.max(1, largestShift);
        int w = Math.max(product.width(), roundBits + 1) + 1;
        Signal one = b.lit(1, uint(roundBits));
        Signal round = b.mux(
                shift.eq(b.lit(0, uint(SHIFT_BITS))),
                b.lit(0, uint(roundBits)),
                one.shl(shift.sub(b.lit(1, uint(SHIFT_BITS))).trunc(SHIFT_BITS)));
        Signal total = product.sextTo(w).add(round.zextTo(w).asSInt()).trunc(w);
        Signal q = total.shr(shift);
        Signal sat = b.mux(
                q.gt(b.slit(127).sextTo(w)),
                b.slit(127).sextTo(8),
                b.mux(q.lt(b.slit(-128).sextTo(w)), b.slit(-128).sextTo(8), q.trunc(8)));
        return b.mux(g.d.get("relu").and(sat.lt(b.slit(0).sextTo(8))), b.slit(0).sextTo(8), sat);
    }

    /** Per-PE pointers across blocks and layers: weight column, count table, constants. */
    private void pointers() {
        int wAw = g.wAw;
        Signal stepDoneP = g.isState[STEP].and(g.stepDoneW);
        b.when(g.isState[IDLE].and(g.start), () -> {
            b.set(colBase, b.lit(0, uint(wAw + 1)));
            b.set(constBase, b.lit(0, uint(constBase.width())));
        });
        final Reg cntBaseF = cntBase;
        final Signal hasF = has;
        b.when(stepDoneP.and(g.blockEnd), () -> {
            b.set(colBase, colBase.add(n).trunc(wAw + 1));
            if (cntBaseF != null) {
                Signal strideW =
                        g.d.get("s_mask").zextTo(cntBaseF.width()).add(1).trunc(cntBaseF.width());
                b.when(hasF, () -> b.set(cntBaseF, cntBaseF.add(strideW).trunc(cntBaseF.width())));
            }
        });
        if (cntBase != null) {
            b.when(g.isState[IDLE].and(g.start), () -> b.set(cntBaseF, b.lit(0, uint(cntBaseF.width()))));
        }
        Signal ppuLast = g.isState[PPU].and(g.paddr.add(1).eq(g.d.get("ppu_len")));
        b.when(ppuLast, () -> b.set(constBase, constBase.add(rows).trunc(constBase.width())));
    }
}
