package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.models.quant.IntegerModel;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.HdlType;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * A folded streaming convolution: K x K window over a raster stream of pixel vectors (zero "same"
 * padding generated inside, so the unit needs no input at the border), {@code pe} output channels
 * and {@code simd} products per cycle, per-channel requantisation and an optional ReLU.
 *
 * <p>Timing: every position of the padded (H+K−1) x (W+K−1) grid takes one cycle; a position that
 * completes a window then issues {@link StreamPlan.Conv#fold()} cycles of multiply-accumulate into a
 * pipeline, so a window's outputs leave {@link #pipelineStages} cycles after its last fold while the
 * next window is already read in. The pipeline stops while a window's last result
 * finds the previous output still held downstream.
 */
final class ConvUnit {
    /**
     * Register stages between issuing a fold and the result registers: the selected inputs (when the
     * fan-in is folded, SF &gt; 1), the products, the accumulator and the requantiser's product.
     */
    static int pipelineStages(StreamPlan.Conv c) {
        return c.fanIn() / c.simd() > 1 ? 4 : 3;
    }

    private ConvUnit() {}

    static HdlModule build(StreamPlan.Conv c) {
        ModuleBuilder b = new ModuleBuilder("hsi_conv_" + c.name());
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(c.inChannels()));
        Signal outReady = b.input("out_ready", uint(1));
        int k = c.kernel();
        int pad = k / 2;
        int gw = c.width() + 2 * pad;
        int gh = c.height() + 2 * pad;
        Reg col = b.reg("col", uint(Hdl.bits(gw - 1)), 0);
        Reg row = b.reg("row", uint(Hdl.bits(gh - 1)), 0);
        Reg run = b.reg("run", uint(1), 0);
        Signal border = col.lt(pad).or(col.ge(pad + c.width())).or(row.lt(pad)).or(row.ge(pad + c.height()));
        Signal accept = run.not().and(border.or(inValid));
        Signal pixel = b.mux(border, b.lit(0, Hdl.byteVector(c.inChannels())), inData);
        Signal lastCol = col.eq(gw - 1);
        Signal colNext = b.mux(lastCol, b.lit(0, col.type()), col.add(1).trunc(col.width()));
        b.when(accept, () -> {
            b.set(col, colNext);
            b.when(
                    lastCol,
                    () -> b.set(
                            row,
                            b.mux(
                                    row.eq(gh - 1),
                                    b.lit(0, row.type()),
                                    row.add(1).trunc(row.width()))));
        });
        Reg[][] win = window(b, c, accept, pixel, col, colNext, gw);
        Signal produces = k == 1 ? b.lit(1) : row.ge(k - 1).and(col.ge(k - 1));
        List<Signal> x = new ArrayList<>();
        for (int ci = 0; ci < c.inChannels(); ci++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    x.add(Hdl.lane(win[ky][kx], ci));
                }
            }
        }
        datapath(b, c, accept.and(produces), run, x, outReady);
        b.assign(b.output("in_ready", uint(1)), run.not().and(border.not()));
        return b.build();
    }

    /** Line buffers and the K x K window registers; a column enters on every accepted position. */
    private static Reg[][] window(
            ModuleBuilder b, StreamPlan.Conv c, Signal accept, Signal pixel, Reg col, Signal colNext, int gw) {
        int k = c.kernel();
        Reg[][] win = new Reg[k][k];
        Signal[] column = new Signal[k];
        column[k - 1] = pixel;
        Signal addr = b.mux(accept, colNext, col);
        Signal below = pixel;
        for (int i = 0; i < k - 1; i++) {
            Mem line = b.ram("line" + i, Hdl.byteVector(c.inChannels()), gw);
            Signal rd = line.read("line" + i + "_rd", addr);
            line.write(accept, col, below);
            column[k - 2 - i] = rd;
            below = rd;
        }
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                win[ky][kx] = b.reg("win" + ky + "_" + kx, Hdl.byteVector(c.inChannels()), 0)
                        .enable(accept);
            }
            for (int kx = 0; kx < k - 1; kx++) {
                b.set(win[ky][kx], win[ky][kx + 1]);
            }
            b.set(win[ky][k - 1], column[ky]);
        }
        return win;
    }

    /**
     * The fold counters and weight ROM, then register stages per PE ({@link #pipelineStages}): the
     * selected inputs when SF &gt; 1 ({@code sel}), the SIMD products ({@code mul}), the accumulator
     * ({@code acc}) and the requantiser's product ({@code rq}); the
     * rounding, shift, saturation and ReLU feed the result registers. No path holds two
     * multipliers or a multiplier and the adder tree. Each stage's fold position travels beside its
     * data, and the whole pipeline stops only while a window's last result finds the previous output
     * still held downstream.
     */
    private static void datapath(
            ModuleBuilder b, StreamPlan.Conv c, Signal start, Reg run, List<Signal> x, Signal outReady) {
        int simd = c.simd();
        int pe = c.pe();
        int sf = c.fanIn() / simd;
        int pf = c.outChannels() / pe;
        int folds = sf * pf;
        Reg step = b.reg("step", uint(Hdl.bits(folds - 1)), 0);
        Reg sfc = b.reg("sf", uint(Hdl.bits(sf - 1)), 0);
        Reg pfc = b.reg("pf", uint(Hdl.bits(pf - 1)), 0);
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", Hdl.byteVector(c.outChannels()), 0);
        Signal last = step.eq(folds - 1);
        Signal lastSimd = sfc.eq(sf - 1);
        Stage s3 = Stage.of(b, "rq", pfc.type());
        Signal stall = s3.valid.and(s3.last).and(outValid).and(outReady.not());
        Signal go = stall.not();
        Signal adv = run.and(go);
        Item issued = new Item(adv, sfc.eq(0), lastSimd, last, pfc);
        Signal stepNext = b.mux(last, b.lit(0, step.type()), step.add(1).trunc(step.width()));
        Mem rom = b.rom("weights", uint(pe * simd * c.weightBits()), weightImage(c, Math.max(2, folds)));
        Signal word;
        List<Signal> xs = new ArrayList<>();
        Item feed; // the item the multipliers take
        if (sf > 1) {
            // the SF-way input selection gets a cycle of its own; the ROM reads the same fold alongside
            Stage sel = Stage.of(b, "sel", pfc.type());
            sel.follow(b, go, issued);
            feed = sel.item();
            word = rom.read("weights_rd", step.ext(rom.addrWidth()), adv);
            for (int s = 0; s < simd; s++) {
                List<Signal> opts = new ArrayList<>();
                for (int f = 0; f < sf; f++) {
                    opts.add(x.get(f * simd + s));
                }
                Reg r = b.reg("sel" + s, sint(8)).enable(adv);
                b.set(r, Hdl.select(b, sfc, opts));
                xs.add(r);
            }
        } else {
            feed = issued;
            word = rom.read("weights_rd", b.mux(adv, stepNext, step).ext(rom.addrWidth()));
            xs.addAll(x.subList(0, simd));
        }
        Signal mulTakes = go.and(feed.valid());
        Stage s1 = Stage.of(b, "mul", pfc.type());
        Stage s2 = Stage.of(b, "acc", pfc.type());
        s1.follow(b, go, feed);
        s2.follow(b, go, s1.item());
        // the requantiser takes only an output fold's final sums
        s3.follow(b, go, new Item(s2.valid.and(s2.lastSimd), s2.first, s2.lastSimd, s2.last, s2.pf));
        int accBits = accumulatorBits(c);
        Requant rq = Requant.of(c);
        List<Signal> q = new ArrayList<>();
        for (int p = 0; p < pe; p++) {
            List<Signal> products = new ArrayList<>();
            for (int s = 0; s < simd; s++) {
                int lo = (p * simd + s) * c.weightBits();
                Signal product =
                        word.slice(lo + c.weightBits() - 1, lo).asSInt().mul(xs.get(s));
                Reg r = b.reg("mul" + p + "_" + s, product.type()).enable(mulTakes);
                b.set(r, product);
                products.add(r);
            }
            Reg acc = b.reg("acc" + p, sint(accBits), 0).enable(go.and(s1.valid));
            Signal bias = Hdl.table(b, s1.pf, channelValues(c.bias(), pe, p), sint(accBits));
            Signal base = b.mux(s1.first, bias, acc);
            Signal sum = Hdl.sum(products);
            // exact: no partial sum leaves accBits (accumulatorBits), so dropping the sum's top bits loses nothing
            b.set(
                    acc,
                    base.add(sum.width() > accBits ? sum.trunc(accBits) : sum.ext(accBits))
                            .trunc(accBits));
            Signal scaled = acc.mul(Hdl.table(b, s2.pf, rq.multipliers(pe, p), rq.multiplierType()));
            Reg rqr = b.reg("rq" + p, scaled.type()).enable(go.and(s2.valid).and(s2.lastSimd));
            b.set(rqr, scaled);
            q.add(rq.finish(b, c, s3.pf, p, rqr));
        }
        List<Signal> res = new ArrayList<>();
        for (int o = 0; o < c.outChannels(); o++) {
            int p = o % pe;
            if (o / pe == pf - 1) {
                res.add(q.get(p)); // the last fold's values go straight to the output register
                continue;
            }
            Reg r = b.reg("res" + o, sint(8), 0).enable(go.and(s3.valid).and(s3.pf.eq(o / pe)));
            b.set(r, q.get(p));
            res.add(r);
        }
        b.when(outValid.and(outReady), () -> b.set(outValid, 0));
        b.when(s3.valid.and(s3.last).and(go), () -> {
            b.set(outValid, 1);
            b.set(outData, Hdl.pack(b, res));
        });
        b.when(start, () -> b.set(run, 1));
        b.when(adv, () -> {
            b.set(step, stepNext);
            b.set(sfc, b.mux(lastSimd, b.lit(0, sfc.type()), sfc.add(1).trunc(sfc.width())));
            b.when(
                    lastSimd,
                    () -> b.set(
                            pfc,
                            b.mux(
                                    pfc.eq(pf - 1),
                                    b.lit(0, pfc.type()),
                                    pfc.add(1).trunc(pfc.width()))));
            b.when(last, () -> b.set(run, 0));
        });
        Output ov = b.output("out_valid", uint(1));
        b.assign(ov, outValid);
        b.assign(b.output("out_data", outData.type()), outData);
    }

    /** An item in the pipeline: whether there is one, and its fold position. */
    private record Item(Signal valid, Signal first, Signal lastSimd, Signal last, Signal pf) {}

    /** One pipeline stage's control registers. */
    private record Stage(Reg valid, Reg first, Reg lastSimd, Reg last, Reg pf) {
        static Stage of(ModuleBuilder b, String name, HdlType pfType) {
            return new Stage(
                    b.reg(name + "_v", uint(1), 0),
                    b.reg(name + "_first", uint(1)),
                    b.reg(name + "_lsf", uint(1)),
                    b.reg(name + "_last", uint(1)),
                    b.reg(name + "_pf", pfType));
        }

        Item item() {
            return new Item(valid, first, lastSimd, last, pf);
        }

        /** Takes the previous stage's item on every cycle the pipeline moves. */
        void follow(ModuleBuilder b, Signal go, Item prev) {
            b.when(go, () -> {
                b.set(valid, prev.valid());
                b.set(first, prev.first());
                b.set(lastSimd, prev.lastSimd());
                b.set(last, prev.last());
                b.set(pf, prev.pf());
            });
        }
    }

    /** PE {@code p}'s value of a per-channel table for each output fold. */
    private static long[] channelValues(int[] perChannel, int pe, int p) {
        long[] v = new long[perChannel.length / pe];
        for (int f = 0; f < v.length; f++) {
            v[f] = perChannel[f * pe + p];
        }
        return v;
    }

    /**
     * Bits of a signed accumulator that holds every partial sum of every output channel: the bias
     * plus the weights' magnitudes times 128, the largest int8 input magnitude. At most 32, the
     * golden model's accumulator; usually far fewer, which narrows the adder, the register and the
     * requantiser's multiplier.
     */
    static int accumulatorBits(StreamPlan.Conv c) {
        return Math.min(32, Hdl.bits(IntegerModel.worstAccumulator(c.weights(), c.bias())) + 1);
    }

    /**
     * {@code sat((acc * m + 2^(s-1)) >> s)}, then ReLU; m and s per output channel, chosen by the fold.
     * The shift is split into the layer's smallest shift, a constant (wiring), and the rest, a barrel
     * shifter over only the range the layer's shifts span. Floor division composes, so
     * {@code (x >> a) >> b == x >> (a + b)} and the result is exact.
     */
    private record Requant(int minShift, int maxShift, StreamPlan.Scale[] scales) {
        static Requant of(StreamPlan.Conv c) {
            int minShift = Integer.MAX_VALUE;
            int maxShift = 0;
            for (StreamPlan.Scale sc : c.requant()) {
                if (sc.multiplier() != 0) {
                    minShift = Math.min(minShift, sc.shift());
                    maxShift = Math.max(maxShift, sc.shift());
                }
            }
            // every factor zero: so is every output
            return new Requant(minShift == Integer.MAX_VALUE ? 0 : minShift, maxShift, c.requant());
        }

        HdlType multiplierType() {
            return sint(StreamPlan.Scale.MULTIPLIER_BITS + 1);
        }

        long[] multipliers(int pe, int p) {
            long[] m = new long[scales.length / pe];
            for (int f = 0; f < m.length; f++) {
                m[f] = scales[f * pe + p].multiplier();
            }
            return m;
        }

        /** Rounding, shift and saturation of PE {@code p}'s registered product {@code acc * m}. */
        Signal finish(ModuleBuilder b, StreamPlan.Conv c, Signal pfc, int p, Signal product) {
            int pe = c.pe();
            long[] shift = new long[scales.length / pe];
            long[] round = new long[shift.length];
            for (int f = 0; f < shift.length; f++) {
                StreamPlan.Scale sc = scales[f * pe + p];
                // a zero factor gives 0 whatever the shift; the layer's smallest keeps the shifter short
                int s = sc.multiplier() == 0 ? minShift : sc.shift();
                shift[f] = s - minShift;
                round[f] = sc.multiplier() == 0 || s == 0 ? 0 : 1L << (s - 1);
            }
            int width = Math.max(product.width(), maxShift + 1) + 1;
            Signal rnd = Hdl.table(b, pfc, round, sint(width));
            Signal rounded = product.ext(width).add(rnd).trunc(width);
            Signal shifted = rounded.shr(minShift);
            if (maxShift > minShift) {
                shifted = shifted.shr(Hdl.table(b, pfc, shift, uint(Hdl.bits(maxShift - minShift))));
            }
            return Hdl.saturate(b, shifted, c.relu() ? 0 : -128, 127, sint(8));
        }
    }

    /** Weight ROM words in fold order: word pf*SF+sf holds PE p, lane s at bits (p*SIMD+s)*wb. */
    static List<BigInteger> weightImage(StreamPlan.Conv c, int depth) {
        int simd = c.simd();
        int pe = c.pe();
        int sf = c.fanIn() / simd;
        int wb = c.weightBits();
        List<BigInteger> words = new ArrayList<>();
        for (int a = 0; a < depth; a++) {
            BigInteger w = BigInteger.ZERO;
            if (a < sf * (c.outChannels() / pe)) {
                int pf = a / sf;
                int f = a % sf;
                for (int p = 0; p < pe; p++) {
                    for (int s = 0; s < simd; s++) {
                        long v = c.weights()[(pf * pe + p) * c.fanIn() + f * simd + s] & ((1L << wb) - 1);
                        w = w.or(BigInteger.valueOf(v).shiftLeft((p * simd + s) * wb));
                    }
                }
            }
            words.add(w);
        }
        return words;
    }
}
