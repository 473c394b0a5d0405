package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
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

    /** {@code clip(((raw − D_b) · G_b) >> 16, 0, 4095)} per band; tables written through {@code cal_*} (dark at 0..24, gain at 32..56). */
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
        Signal diff = inData.zextTo(RAW_BITS + 1)
                .asSInt()
                .sub(Hdl.select(b, band, dark).zextTo(RAW_BITS + 1).asSInt());
        Signal scaled = diff.mul(Hdl.select(b, band, gain)).shr(Preprocess.GAIN_SHIFT);
        Signal r = Hdl.saturate(b, scaled, 0, Preprocess.FULL, sint(RAW_BITS + 1))
                .asUInt()
                .trunc(RAW_BITS);
        Hdl.Skid out = Hdl.skid(b, "q", inValid, r, outReady);
        Signal accept = inValid.and(out.inReady());
        b.when(
                accept,
                () -> b.set(
                        band,
                        b.mux(
                                band.eq(Bands.COUNT - 1),
                                b.lit(0, band.type()),
                                band.add(1).trunc(5))));
        b.assign(b.output("in_ready", uint(1)), out.inReady());
        b.assign(b.output("out_valid", uint(1)), out.outValid());
        b.assign(b.output("out_data", uint(RAW_BITS)), out.outData());
        return b.build();
    }

    /**
     * Pixel normalisation, band selection and input quantisation: gathers a pixel's 25 values and its
     * norm (25 cycles), forms the reciprocal (1 cycle), then one kept band per cycle into the int8
     * vector, which leaves from an output register.
     */
    static HdlModule normalise(StreamPlan.Front f) {
        ModuleBuilder b = new ModuleBuilder("hsi_normalise");
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", uint(RAW_BITS));
        Signal outReady = b.input("out_ready", uint(1));
        int keep = f.keep().length;
        boolean none = f.norm() == Preprocess.Norm.NONE;
        // states: 0 gather, 1 reciprocal, 2 quantise kept bands, 3 hand over
        Reg state = b.reg("state", uint(2), 0);
        Reg band = b.reg("band", uint(5), 0);
        Reg k = b.reg("k", uint(Hdl.bits(keep - 1)), 0);
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", Hdl.byteVector(keep), 0);
        Signal accept = state.eq(0).and(inValid);
        List<Signal> values = new ArrayList<>();
        for (int i = 0; i < Bands.COUNT; i++) {
            Reg v = b.reg("v" + i, uint(RAW_BITS), 0).enable(accept.and(band.eq(i)));
            b.set(v, inData);
            values.add(v);
        }
        b.when(accept, () -> {
            b.set(
                    band,
                    b.mux(
                            band.eq(Bands.COUNT - 1),
                            b.lit(0, band.type()),
                            band.add(1).trunc(5)));
            b.when(band.eq(Bands.COUNT - 1), () -> b.set(state, none ? 2 : 1));
        });
        Signal r = Hdl.select(b, k, selectKept(f.keep(), values));
        Signal y = none ? r : normalised(b, f.norm(), accept, band.eq(0), inData, state.eq(1), r);
        b.when(state.eq(1), () -> b.set(state, 2));
        Signal q = quantise(b, y, f.quantiser());
        Reg[] lanes = new Reg[keep];
        List<Signal> lane = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            lanes[i] = b.reg("q" + i, sint(8), 0).enable(state.eq(2).and(k.eq(i)));
            b.set(lanes[i], q);
            lane.add(lanes[i]);
        }
        b.when(state.eq(2), () -> {
            b.set(k, b.mux(k.eq(keep - 1), b.lit(0, k.type()), k.add(1).trunc(k.width())));
            b.when(k.eq(keep - 1), () -> b.set(state, 3));
        });
        Signal handOver = state.eq(3).and(outValid.not().or(outReady));
        b.when(outValid.and(outReady), () -> b.set(outValid, 0));
        b.when(handOver, () -> {
            b.set(outValid, 1);
            b.set(outData, Hdl.pack(b, lane));
            b.set(state, 0);
        });
        b.assign(b.output("in_ready", uint(1)), state.eq(0));
        b.assign(b.output("out_valid", uint(1)), outValid);
        b.assign(b.output("out_data", outData.type()), outData);
        return b.build();
    }

    private static List<Signal> selectKept(int[] keep, List<Signal> values) {
        List<Signal> out = new ArrayList<>();
        for (int band : keep) {
            out.add(values.get(band));
        }
        return out;
    }

    static int normBits(Preprocess.Norm n) {
        long max = switch (n) {
            case NONE, MAX -> Preprocess.FULL;
            case L1 -> (long) Bands.COUNT * Preprocess.FULL;
            case L2 -> (long) Bands.COUNT * Preprocess.FULL * Preprocess.FULL;
        };
        return Hdl.bits(max);
    }

    /**
     * The running norm N over a pixel's bands; when {@code solve}, N's leading-one position p and
     * r ≈ 2^16/μ (the square root first for L2) are registered; then {@code min(4095, (r_b · r) >> (p + 5))},
     * 0 when N = 0.
     */
    private static Signal normalised(
            ModuleBuilder b, Preprocess.Norm mode, Signal accept, Signal first, Signal in, Signal solve, Signal r) {
        Reg norm = b.reg("norm", uint(normBits(mode)), 0);
        Reg inv = b.reg("inv", uint(20), 0);
        Reg shift = b.reg("sh", uint(5), 0);
        Reg zero = b.reg("zero", uint(1), 0);
        Signal base = b.mux(first, b.lit(0, norm.type()), norm);
        Signal acc = switch (mode) {
            case L1 -> base.add(in).trunc(norm.width());
            case L2 -> base.add(in.mul(in)).trunc(norm.width());
            case MAX -> b.mux(in.gt(base), in.zextTo(norm.width()), base);
            case NONE -> throw new IllegalStateException();
        };
        b.when(accept, () -> b.set(norm, acc));
        Signal n = mode == Preprocess.Norm.L2 ? isqrt(b, norm) : norm;
        Signal lead = b.lit(0, uint(5));
        for (int i = 1; i < n.width(); i++) {
            lead = b.mux(n.bit(i), b.lit(i, uint(5)), lead);
        }
        Signal m = n.zextTo(32).shl(b.lit(31, uint(5)).sub(lead).trunc(5)).slice(31, 16);
        int tb = Preprocess.TABLE_BITS;
        int[] seeds = Preprocess.seedTable();
        long[] table = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            table[i] = seeds[i];
        }
        Signal r0 = Hdl.table(b, m.slice(14, 15 - tb), table, uint(18));
        Signal e = m.mul(r0).slice(33, 16);
        Signal d = b.lit(1L << 17, uint(19)).sub(e.zextTo(19)).trunc(19);
        Signal r1 = r0.mul(d).slice(35, 16);
        Signal leadPlus = lead.add(5).trunc(5);
        b.when(solve, () -> {
            b.set(inv, r1);
            b.set(shift, leadPlus);
            b.set(zero, n.eq(0));
        });
        return b.mux(zero, b.lit(0, uint(RAW_BITS)), clipShifted(b, r, inv, shift));
    }

    /** min(4095, (r · inv) >> shift). */
    private static Signal clipShifted(ModuleBuilder b, Signal r, Signal inv, Signal shift) {
        Signal v = r.mul(inv).shr(shift);
        return b.mux(v.gt(Preprocess.FULL), b.lit(Preprocess.FULL, uint(RAW_BITS)), v.trunc(RAW_BITS));
    }

    /** ⌊√n⌋ digit by digit, unrolled (the same recurrence as {@link Preprocess#isqrt}). */
    private static Signal isqrt(ModuleBuilder b, Signal n) {
        int w = n.width() + (n.width() % 2);
        Signal rest = n.zextTo(w);
        Signal root = b.lit(0, uint(w));
        for (int bit = w - 2; bit >= 0; bit -= 2) {
            Signal t = root.add(b.lit(1L << bit, uint(w))).trunc(w);
            Signal fits = rest.ge(t);
            rest = b.mux(fits, rest.sub(t).trunc(w), rest);
            root = b.mux(
                    fits,
                    root.shr(1).zextTo(w).add(b.lit(1L << bit, uint(w))).trunc(w),
                    root.shr(1).zextTo(w));
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
