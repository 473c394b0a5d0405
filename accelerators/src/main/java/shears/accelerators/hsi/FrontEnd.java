package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shears.models.hsi.Bands;
import shears.models.hsi.Preprocess;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * Preprocessing in hardware, bit-exact with {@link Preprocess}: the mosaic to a band-serial cube
 * (four line RAMs of five-pixel groups), calibration with loadable dark and gain tables, then pixel
 * normalisation (seed table and one Newton step for the reciprocal, digit-by-digit square root for
 * L2), band selection and the network's input quantiser, giving one int8 pixel vector per beat.
 */
final class FrontEnd {
    static final int RAW_BITS = Preprocess.BITS;
    static final int PORT_BITS = 16;

    private FrontEnd() {}

    /** Raw sensor pixels (AXI4-Stream, {@code tuser} = start of frame, {@code tlast} = end of line) to band-serial 12-bit values. */
    static HdlModule demosaic(StreamPlan.Front f) {
        ModuleBuilder b = new ModuleBuilder("hsi_demosaic");
        Signal tdata = b.input("s_axis_tdata", uint(PORT_BITS));
        Signal tvalid = b.input("s_axis_tvalid", uint(1));
        Signal tuser = b.input("s_axis_tuser", uint(1));
        Signal tlast = b.input("s_axis_tlast", uint(1));
        Signal outReady = b.input("out_ready", uint(1));
        Preprocess.Crop crop = f.crop();
        Reg sx = b.reg("sx", uint(Hdl.bits(f.sensorWidth() - 1)), 0);
        Reg sy = b.reg("sy", uint(Hdl.bits(f.sensorHeight() - 1)), 0);
        Reg cc = b.reg("cc", uint(3), 0);
        Reg xc = b.reg("xc", uint(Hdl.bits(crop.width() - 1)), 0);
        Reg rr = b.reg("rr", uint(3), 0);
        Reg emitting = b.reg("emitting", uint(1), 0);
        Reg eb = b.reg("eb", uint(5), 0);
        Reg err = b.reg("err_r", uint(1), 0);
        Signal x = b.mux(tuser, b.lit(0, sx.type()), sx);
        Signal y = b.mux(tuser, b.lit(0, sy.type()), sy);
        Signal c = b.mux(tuser, b.lit(0, cc.type()), cc);
        Signal r = b.mux(tuser, b.lit(0, rr.type()), rr);
        Signal inCol = x.ge(crop.left()).and(x.lt(crop.left() + Bands.MOSAIC * crop.width()));
        Signal inRow = y.ge(crop.top()).and(y.lt(crop.top() + Bands.MOSAIC * crop.height()));
        Signal loadPos = inRow.and(inCol).and(r.eq(4)).and(c.eq(4));
        Signal ready = emitting.and(loadPos).not();
        Signal accept = tvalid.and(ready);
        Signal pixel = tdata.slice(RAW_BITS - 1, 0);
        Signal lineEnd = x.eq(f.sensorWidth() - 1);
        Signal xNext = b.mux(lineEnd, b.lit(0, sx.type()), x.add(1).trunc(sx.width()));
        Signal yNext = b.mux(
                lineEnd,
                b.mux(y.eq(f.sensorHeight() - 1), b.lit(0, sy.type()), y.add(1).trunc(sy.width())),
                y);
        Reg[] group = new Reg[Bands.MOSAIC - 1];
        for (int i = 0; i < group.length; i++) {
            group[i] = b.reg("g" + i, uint(RAW_BITS), 0)
                    .enable(accept.and(inRow).and(inCol).and(c.eq(i)));
            b.set(group[i], pixel);
        }
        Signal groupWord = b.cat(pixel, group[3], group[2], group[1], group[0]);
        Signal[] above = new Signal[Bands.MOSAIC - 1];
        for (int i = 0; i < above.length; i++) {
            Mem line = b.ram("row" + i, uint(Bands.MOSAIC * RAW_BITS), crop.width());
            above[i] = line.read("row" + i + "_rd", xc.ext(line.addrWidth()));
            line.write(accept.and(inRow).and(inCol).and(r.eq(i)).and(c.eq(4)), xc.ext(line.addrWidth()), groupWord);
        }
        List<Signal> bands = new ArrayList<>();
        for (int band = 0; band < Bands.COUNT; band++) {
            int row = band / Bands.MOSAIC;
            int col = band % Bands.MOSAIC;
            bands.add(
                    row < 4
                            ? above[row].slice(RAW_BITS * col + RAW_BITS - 1, RAW_BITS * col)
                            : col < 4 ? group[col] : pixel);
        }
        Reg[] hold = new Reg[Bands.COUNT];
        List<Signal> held = new ArrayList<>();
        for (int band = 0; band < Bands.COUNT; band++) {
            hold[band] = b.reg("e" + band, uint(RAW_BITS), 0).enable(accept.and(loadPos));
            b.set(hold[band], bands.get(band));
            held.add(hold[band]);
        }
        b.when(emitting.and(outReady), () -> {
            b.set(eb, eb.add(1).trunc(5));
            b.when(eb.eq(Bands.COUNT - 1), () -> b.set(emitting, 0));
        });
        b.when(accept, () -> {
            b.set(sx, xNext);
            b.set(sy, yNext);
            Signal groupEnd = c.eq(4);
            b.set(
                    cc,
                    b.mux(
                            xNext.eq(crop.left()),
                            b.lit(0, cc.type()),
                            b.mux(groupEnd, b.lit(0, cc.type()), c.add(1).trunc(3))));
            b.when(inCol.and(groupEnd), () -> b.set(xc, xc.add(1).trunc(xc.width())));
            b.when(xNext.eq(crop.left()), () -> b.set(xc, 0));
            b.when(
                    lineEnd,
                    () -> b.set(
                            rr,
                            b.mux(
                                    yNext.eq(crop.top()),
                                    b.lit(0, rr.type()),
                                    b.mux(r.eq(4), b.lit(0, rr.type()), r.add(1).trunc(3)))));
            b.when(loadPos, () -> {
                b.set(emitting, 1);
                b.set(eb, 0);
            });
            Signal misframed = tlast.ne(lineEnd)
                    .or(tuser.and(sx.ne(0).or(sy.ne(0))))
                    .or(tdata.slice(PORT_BITS - 1, RAW_BITS).orR());
            b.when(misframed, () -> b.set(err, 1));
        });
        b.assign(b.output("s_axis_tready", uint(1)), ready);
        b.assign(b.output("out_valid", uint(1)), emitting);
        b.assign(b.output("out_data", uint(RAW_BITS)), Hdl.select(b, eb, held));
        b.assign(b.output("err", uint(1)), err);
        return b.build();
    }

    /** Register stages between accepting a raw value and queueing its calibrated value: operands, product. */
    static final int CALIBRATE_LATENCY = 2;

    /** Values the calibration holds at most, in its pipeline and its output queue: enough for one per cycle. */
    static final int CALIBRATE_CREDITS = CALIBRATE_LATENCY + 2;

    /**
     * {@code clip(((raw − D_b) · G_b) >> 16, 0, 4095)} per band; tables written through {@code cal_*}
     * (dark at 0..24, gain at 32..56). The operands, the product and the clip each take a cycle, into
     * a queue of {@link #CALIBRATE_CREDITS} entries; {@code in_ready} counts what the pipeline and the
     * queue hold (a register decode, as in a skid buffer), so the unit takes a value every cycle and
     * never drops one under backpressure.
     */
    static HdlModule calibrate() {
        ModuleBuilder b = new ModuleBuilder("hsi_calibrate");
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", uint(RAW_BITS));
        Signal outReady = b.input("out_ready", uint(1));
        Signal we = b.input("cal_we", uint(1));
        Signal addr = b.input("cal_addr", uint(6));
        Signal data = b.input("cal_data", uint(32));
        Reg band = b.reg("band", uint(5), 0);
        List<Signal> dark = new ArrayList<>();
        List<Signal> gain = new ArrayList<>();
        for (int i = 0; i < Bands.COUNT; i++) {
            Reg d = b.reg("dark" + i, uint(RAW_BITS), 0).enable(we.and(addr.eq(i)));
            b.set(d, data.slice(RAW_BITS - 1, 0));
            dark.add(d);
            Reg g = b.reg("gain" + i, sint(32), 0).enable(we.and(addr.eq(32 + i)));
            b.set(g, data.asSInt());
            gain.add(g);
        }
        Reg credits = b.reg("credits", uint(Hdl.bits(CALIBRATE_CREDITS)), 0);
        Signal inReady = credits.ne(CALIBRATE_CREDITS);
        Signal accept = inValid.and(inReady);
        Signal diff = inData.zextTo(RAW_BITS + 1)
                .asSInt()
                .sub(Hdl.select(b, band, dark).zextTo(RAW_BITS + 1).asSInt());
        Reg v1 = b.reg("op_v", uint(1), 0);
        b.set(v1, accept);
        Reg d1 = b.reg("op_d", diff.type()).enable(accept);
        b.set(d1, diff);
        Reg g1 = b.reg("op_g", sint(32)).enable(accept);
        b.set(g1, Hdl.select(b, band, gain));
        Signal scaled = d1.mul(g1).shr(Preprocess.GAIN_SHIFT);
        Reg v2 = b.reg("mul_v", uint(1), 0);
        b.set(v2, v1);
        Reg p2 = b.reg("mul_p", scaled.type()).enable(v1);
        b.set(p2, scaled);
        Signal r = Hdl.saturate(b, p2, 0, Preprocess.FULL, sint(RAW_BITS + 1))
                .asUInt()
                .trunc(RAW_BITS);
        Hdl.Queue out = Hdl.queue(b, "q", CALIBRATE_CREDITS, v2, r, outReady);
        b.set(
                credits,
                credits.add(accept.zextTo(credits.width()))
                        .sub(out.pop().zextTo(credits.width()))
                        .trunc(credits.width()));
        b.when(
                accept,
                () -> b.set(
                        band,
                        b.mux(
                                band.eq(Bands.COUNT - 1),
                                b.lit(0, band.type()),
                                band.add(1).trunc(5))));
        b.assign(b.output("in_ready", uint(1)), inReady);
        b.assign(b.output("out_valid", uint(1)), out.valid());
        b.assign(b.output("out_data", uint(RAW_BITS)), out.data());
        return b.build();
    }

    /** Cycles of the reciprocal: leading one and mantissa, seed and error product, Newton product. */
    static final int RECIPROCAL_CYCLES = 3;

    /** Cycles of the L2 norm's square root, a third of its digits in each. */
    static final int ISQRT_CYCLES = 3;

    /** Cycles a pixel takes in the normalisation when neither side waits: the gatherer's or the processor's. */
    static int pixelCycles(StreamPlan.Front f) {
        // gatherer: a cycle per band and one to hand over; processor: take, solve, quantise (keep + 2), hand over
        return Math.max(Bands.COUNT + 1, 1 + solveCycles(f.norm()) + f.keep().length + 2 + 1);
    }

    /** Cycles between gathering a pixel's bands and quantising them: the norm's square root (L2) and its reciprocal. */
    static int solveCycles(Preprocess.Norm n) {
        return switch (n) {
            case NONE -> 0;
            case L2 -> ISQRT_CYCLES + RECIPROCAL_CYCLES;
            case L1, MAX -> RECIPROCAL_CYCLES;
        };
    }

    /**
     * Pixel normalisation, band selection and input quantisation. A gatherer takes a pixel's 25 values
     * and sums its norm (25 cycles, then one to hand the pixel over); meanwhile the processor works on
     * the previous pixel: the reciprocal ({@link #solveCycles}), then one kept band per cycle through
     * three register stages (the band times the reciprocal; the shift and clip; the quantiser: keep + 2
     * cycles) into the int8 vector, which leaves from an output register. A pixel takes the longer of
     * the two: {@link #pixelCycles}.
     */
    static HdlModule normalise(StreamPlan.Front f) {
        ModuleBuilder b = new ModuleBuilder("hsi_normalise");
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", uint(RAW_BITS));
        Signal outReady = b.input("out_ready", uint(1));
        int keep = f.keep().length;
        int solveCycles = solveCycles(f.norm());
        // the gatherer fills one pixel's bands (full: waiting to be taken); the processor's states:
        // 0 idle, 1 reciprocal, 2 quantise kept bands, 3 hand over
        Reg full = b.reg("full", uint(1), 0);
        Reg state = b.reg("state", uint(2), 0);
        Reg band = b.reg("band", uint(5), 0);
        Reg k = b.reg("k", uint(Hdl.bits(keep + 1)), 0);
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", Hdl.byteVector(keep), 0);
        Signal accept = full.not().and(inValid);
        Signal take = state.eq(0).and(full);
        List<Signal> values = new ArrayList<>();
        for (int i = 0; i < Bands.COUNT; i++) {
            Reg v = b.reg("v" + i, uint(RAW_BITS), 0).enable(accept.and(band.eq(i)));
            b.set(v, inData);
            values.add(v);
        }
        // the processor's copy of the kept bands, so the gatherer can take the next pixel meanwhile
        List<Signal> kept = new ArrayList<>();
        for (int j = 0; j < keep; j++) {
            Reg v = b.reg("kept" + j, uint(RAW_BITS), 0).enable(take);
            b.set(v, values.get(f.keep()[j]));
            kept.add(v);
        }
        b.when(accept, () -> {
            b.set(
                    band,
                    b.mux(
                            band.eq(Bands.COUNT - 1),
                            b.lit(0, band.type()),
                            band.add(1).trunc(5)));
            b.when(band.eq(Bands.COUNT - 1), () -> b.set(full, 1));
        });
        b.when(take, () -> {
            b.set(full, 0);
            b.set(state, solveCycles == 0 ? 2 : 1);
        });
        Signal[] solveAt = solveSteps(b, state, solveCycles);
        Signal r = Hdl.select(b, k, kept);
        Reciprocal rec = solveCycles == 0 ? null : reciprocal(b, f.norm(), accept, band.eq(0), inData, take, solveAt);
        Signal quantising = state.eq(2);
        Signal scaled = rec == null ? r : r.mul(rec.inv());
        Reg product = b.reg("prod", scaled.type()).enable(quantising);
        b.set(product, scaled);
        Signal y =
                rec == null ? product : b.mux(rec.zero(), b.lit(0, uint(RAW_BITS)), clip(b, product.shr(rec.shift())));
        Reg yReg = b.reg("y", uint(RAW_BITS)).enable(quantising);
        b.set(yReg, y);
        Signal q = quantise(b, yReg, f.quantiser());
        Reg[] lanes = new Reg[keep];
        List<Signal> lane = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            // band i, selected at k = i, reaches the quantiser two registers later
            lanes[i] = b.reg("q" + i, sint(8), 0).enable(quantising.and(k.eq(i + 2)));
            b.set(lanes[i], q);
            lane.add(lanes[i]);
        }
        b.when(quantising, () -> {
            b.set(k, b.mux(k.eq(keep + 1), b.lit(0, k.type()), k.add(1).trunc(k.width())));
            b.when(k.eq(keep + 1), () -> b.set(state, 3));
        });
        Signal handOver = state.eq(3).and(outValid.not().or(outReady));
        b.when(outValid.and(outReady), () -> b.set(outValid, 0));
        b.when(handOver, () -> {
            b.set(outValid, 1);
            b.set(outData, Hdl.pack(b, lane));
            b.set(state, 0);
        });
        b.assign(b.output("in_ready", uint(1)), full.not());
        b.assign(b.output("out_valid", uint(1)), outValid);
        b.assign(b.output("out_data", outData.type()), outData);
        return b.build();
    }

    /** The solve state's cycles: {@code at[i]} is high in its i-th cycle; the last moves on to quantising. */
    private static Signal[] solveSteps(ModuleBuilder b, Reg state, int cycles) {
        if (cycles == 0) {
            return new Signal[0];
        }
        Reg step = b.reg("solve_step", uint(Hdl.bits(cycles - 1)), 0);
        Signal solving = state.eq(1);
        Signal[] at = new Signal[cycles];
        for (int i = 0; i < cycles; i++) {
            at[i] = solving.and(step.eq(i));
        }
        b.when(solving, () -> {
            b.set(
                    step,
                    b.mux(
                            step.eq(cycles - 1),
                            b.lit(0, step.type()),
                            step.add(1).trunc(step.width())));
            b.when(step.eq(cycles - 1), () -> b.set(state, 2));
        });
        return at;
    }

    static int normBits(Preprocess.Norm n) {
        long max = switch (n) {
            case NONE, MAX -> Preprocess.FULL;
            case L1 -> (long) Bands.COUNT * Preprocess.FULL;
            case L2 -> (long) Bands.COUNT * Preprocess.FULL * Preprocess.FULL;
        };
        return Hdl.bits(max);
    }

    /** A pixel's reciprocal: a band R becomes {@code zero ? 0 : min(4095, (R · inv) >> shift)}. */
    private record Reciprocal(Reg inv, Reg shift, Reg zero) {}

    /**
     * The running norm N over a pixel's bands; then, one register stage per solve cycle, N's square
     * root (L2), N's leading-one position p and mantissa, the seed and Newton products: r ≈ 2^16/μ,
     * the shift p + 5, and whether N = 0.
     */
    private static Reciprocal reciprocal(
            ModuleBuilder b, Preprocess.Norm mode, Signal accept, Signal first, Signal in, Signal take, Signal[] at) {
        Reg norm = b.reg("norm", uint(normBits(mode)), 0);
        Signal base = b.mux(first, b.lit(0, norm.type()), norm);
        Signal acc = switch (mode) {
            case L1 -> base.add(in).trunc(norm.width());
            case L2 -> base.add(in.mul(in)).trunc(norm.width());
            case MAX -> b.mux(in.gt(base), in.zextTo(norm.width()), base);
            case NONE -> throw new IllegalStateException();
        };
        b.when(accept, () -> b.set(norm, acc));
        // the processor's pixel's norm, held while the gatherer sums the next one
        Reg held = b.reg("norm_held", norm.type(), 0).enable(take);
        b.set(held, norm);
        Signal n = held;
        int s = 0;
        if (mode == Preprocess.Norm.L2) {
            n = isqrt(b, held, Arrays.copyOfRange(at, 0, ISQRT_CYCLES));
            s = ISQRT_CYCLES;
        }
        // leading one and mantissa in five levels: shift left by 16, 8, 4, 2, 1 while the top bits are zero
        Signal x = n.zextTo(32);
        Signal[] leadBits = new Signal[5];
        for (int i = 4; i >= 0; i--) {
            int by = 1 << i;
            Signal empty = x.slice(31, 32 - by).eq(0);
            leadBits[4 - i] = empty.not();
            x = b.mux(empty, x.shl(by).trunc(32), x);
        }
        Signal lead = b.cat(leadBits);
        Reg shift = b.reg("sh", uint(5), 0).enable(at[s]);
        b.set(shift, lead.add(5).trunc(5));
        Reg zero = b.reg("zero", uint(1), 0).enable(at[s]);
        b.set(zero, n.eq(0));
        Reg m = b.reg("mant", uint(16), 0).enable(at[s]);
        b.set(m, x.slice(31, 16));
        int tb = Preprocess.TABLE_BITS;
        int[] seeds = Preprocess.seedTable();
        long[] table = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            table[i] = seeds[i];
        }
        Reg r0 = b.reg("seed", uint(18), 0).enable(at[s + 1]);
        Signal seed = Hdl.table(b, m.slice(14, 15 - tb), table, uint(18));
        b.set(r0, seed);
        Reg e = b.reg("err", uint(18), 0).enable(at[s + 1]);
        b.set(e, m.mul(seed).slice(33, 16));
        Signal d = b.lit(1L << 17, uint(19)).sub(e.zextTo(19)).trunc(19);
        Reg inv = b.reg("inv", uint(20), 0).enable(at[s + 2]);
        b.set(inv, r0.mul(d).slice(35, 16));
        return new Reciprocal(inv, shift, zero);
    }

    /** min(4095, v). */
    private static Signal clip(ModuleBuilder b, Signal v) {
        return b.mux(v.gt(Preprocess.FULL), b.lit(Preprocess.FULL, uint(RAW_BITS)), v.trunc(RAW_BITS));
    }

    /**
     * ⌊√n⌋ digit by digit (the same recurrence as {@link Preprocess#isqrt}), the digits split evenly
     * over the cycles {@code at}: each cycle's digits start from the registers the previous one left.
     */
    private static Signal isqrt(ModuleBuilder b, Signal n, Signal[] at) {
        int w = n.width() + (n.width() % 2);
        int digits = w / 2;
        Signal rest = n.zextTo(w);
        Signal root = b.lit(0, uint(w));
        int bit = w - 2;
        for (int c = 0; c < at.length; c++) {
            int until = digits - digits * (c + 1) / at.length; // digits left after this cycle
            for (; bit >= 2 * until; bit -= 2) {
                Signal t = root.add(b.lit(1L << bit, uint(w))).trunc(w);
                Signal fits = rest.ge(t);
                rest = b.mux(fits, rest.sub(t).trunc(w), rest);
                root = b.mux(
                        fits,
                        root.shr(1).zextTo(w).add(b.lit(1L << bit, uint(w))).trunc(w),
                        root.shr(1).zextTo(w));
            }
            Reg restReg = b.reg("sqrt_rest" + c, uint(w)).enable(at[c]);
            b.set(restReg, rest);
            Reg rootReg = b.reg("sqrt_root" + c, uint(w)).enable(at[c]);
            b.set(rootReg, root);
            rest = restReg;
            root = rootReg;
        }
        return root.trunc(w / 2 + 1);
    }

    /** The network's input quantiser on a 12-bit value: sat((y · m + 2^(s−1)) >> s), never negative. */
    private static Signal quantise(ModuleBuilder b, Signal y, StreamPlan.Scale s) {
        if (s.multiplier() == 0) {
            return b.lit(0, sint(8));
        }
        Signal p = y.zextTo(RAW_BITS + 1).asSInt().mul(b.lit(s.multiplier(), sint(17)));
        if (s.shift() > 0) {
            p = p.add(b.lit(1L << (s.shift() - 1), sint(s.shift() + 1))).shr(s.shift());
        }
        return Hdl.saturate(b, p, -128, 127, sint(8));
    }
}
