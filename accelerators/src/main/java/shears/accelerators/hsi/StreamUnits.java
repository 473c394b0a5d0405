package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * The CNN's non-weighted stages as modules with valid/ready ports ({@code in_*}, {@code out_*}):
 * max-pool, depth-to-space, concatenation, a two-way fork and the skip FIFO. Every output is driven
 * from registers, so {@code out_valid} never depends on {@code out_ready}.
 */
final class StreamUnits {
    private StreamUnits() {}

    /** 2x2/s2 max-pool: even rows keep the pair maximum per column pair in a line RAM; odd rows emit. */
    static HdlModule pool(StreamPlan.Pool p) {
        ModuleBuilder b = new ModuleBuilder("hsi_pool_" + p.name());
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(p.channels()));
        Signal outReady = b.input("out_ready", uint(1));
        Reg col = b.reg("col", uint(Hdl.bits(p.width() - 1)), 0);
        Reg odd = b.reg("odd_row", uint(1), 0);
        Reg half = b.reg("half", inData.type(), 0);
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", inData.type(), 0);
        Signal oddCol = col.bit(0);
        Signal emits = odd.and(oddCol);
        Signal accept = inValid.and(emits.and(outValid).not());
        Mem line = b.ram("pairs", inData.type(), p.width() / 2);
        Signal above = line.read("pairs_rd", col.shr(1).ext(line.addrWidth()));
        List<Signal> pair = new ArrayList<>();
        List<Signal> quad = new ArrayList<>();
        for (int c = 0; c < p.channels(); c++) {
            Signal m = Hdl.max(b, Hdl.lane(half, c), Hdl.lane(inData, c));
            pair.add(m);
            quad.add(Hdl.max(b, m, Hdl.lane(above, c)));
        }
        line.write(accept.and(odd.not()).and(oddCol), col.shr(1).ext(line.addrWidth()), Hdl.pack(b, pair));
        Signal lastCol = col.eq(p.width() - 1);
        b.when(outValid.and(outReady), () -> b.set(outValid, 0));
        b.when(accept, () -> {
            b.set(half, inData);
            b.set(col, b.mux(lastCol, b.lit(0, col.type()), col.add(1).trunc(col.width())));
            b.when(lastCol, () -> b.set(odd, odd.not()));
            b.when(emits, () -> {
                b.set(outValid, 1);
                b.set(outData, Hdl.pack(b, quad));
            });
        });
        b.assign(b.output("in_ready", uint(1)), emits.and(outValid).not());
        b.assign(b.output("out_valid", uint(1)), outValid);
        b.assign(b.output("out_data", outData.type()), outData);
        return b.build();
    }

    /**
     * Depth-to-space after a 2x2/s2 transposed convolution's pointwise stage: the input pixel's values
     * for sub-positions (0,0) and (0,1) leave at once, those for (1,0) and (1,1) wait in a line RAM and
     * leave as the next output row.
     */
    static HdlModule up(StreamPlan.Up u) {
        ModuleBuilder b = new ModuleBuilder("hsi_up_" + u.name());
        int c = u.channels();
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(4 * c));
        Signal outReady = b.input("out_ready", uint(1));
        // states: 0 wait for input, 1/2 top pair, 3/4 bottom pair
        Reg state = b.reg("state", uint(3), 0);
        Reg col = b.reg("col", uint(Hdl.bits(u.width() - 1)), 0);
        Reg top = b.reg("top", Hdl.byteVector(2 * c), 0);
        int half = 16 * c;
        Mem line = b.ram("bottom", Hdl.byteVector(2 * c), u.width());
        Signal lastCol = col.eq(u.width() - 1);
        Signal colNext = b.mux(lastCol, b.lit(0, col.type()), col.add(1).trunc(col.width()));
        Signal bottomPhase = state.eq(3).or(state.eq(4));
        Signal advanceBottom = state.eq(4).and(outReady);
        Signal rdAddr = b.mux(advanceBottom, colNext, b.mux(bottomPhase, col, b.lit(0, col.type())));
        Signal below = line.read("bottom_rd", rdAddr.ext(line.addrWidth()));
        Signal accept = state.eq(0).and(inValid);
        line.write(accept, col.ext(line.addrWidth()), inData.slice(2 * half - 1, half));
        b.when(accept, () -> {
            b.set(top, inData.slice(half - 1, 0));
            b.set(state, 1);
        });
        b.when(state.eq(1).and(outReady), () -> b.set(state, 2));
        b.when(state.eq(2).and(outReady), () -> {
            b.set(state, b.mux(lastCol, b.lit(3, uint(3)), b.lit(0, uint(3))));
            b.set(col, colNext);
        });
        b.when(state.eq(3).and(outReady), () -> b.set(state, 4));
        b.when(advanceBottom, () -> {
            b.set(state, b.mux(lastCol, b.lit(0, uint(3)), b.lit(3, uint(3))));
            b.set(col, colNext);
        });
        Signal topData = b.mux(state.eq(1), top.slice(half / 2 - 1, 0), top.slice(half - 1, half / 2));
        Signal bottomData = b.mux(state.eq(3), below.slice(half / 2 - 1, 0), below.slice(half - 1, half / 2));
        b.assign(b.output("in_ready", uint(1)), state.eq(0));
        b.assign(b.output("out_valid", uint(1)), state.ne(0));
        b.assign(b.output("out_data", Hdl.byteVector(c)), b.mux(bottomPhase, bottomData, topData));
        return b.build();
    }

    /** Concatenation [a ; b] with each input rescaled to the output's scale, into an output register. */
    static HdlModule cat(StreamPlan.Cat cat) {
        ModuleBuilder b = new ModuleBuilder("hsi_cat_" + cat.name());
        Signal aValid = b.input("a_valid", uint(1));
        Signal aData = b.input("a_data", Hdl.byteVector(cat.channelsA()));
        Signal bValid = b.input("b_valid", uint(1));
        Signal bData = b.input("b_data", Hdl.byteVector(cat.channelsB()));
        Signal outReady = b.input("out_ready", uint(1));
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", Hdl.byteVector(cat.outChannels()), 0);
        Signal free = outValid.not().or(outReady);
        Signal take = aValid.and(bValid).and(free);
        List<Signal> lanes = new ArrayList<>();
        for (int i = 0; i < cat.channelsA(); i++) {
            lanes.add(rescale(b, Hdl.lane(aData, i), cat.multA(), cat.shift()));
        }
        for (int i = 0; i < cat.channelsB(); i++) {
            lanes.add(rescale(b, Hdl.lane(bData, i), cat.multB(), cat.shift()));
        }
        b.when(outValid.and(outReady), () -> b.set(outValid, 0));
        b.when(take, () -> {
            b.set(outValid, 1);
            b.set(outData, Hdl.pack(b, lanes));
        });
        b.assign(b.output("a_ready", uint(1)), bValid.and(free));
        b.assign(b.output("b_ready", uint(1)), aValid.and(free));
        b.assign(b.output("out_valid", uint(1)), outValid);
        b.assign(b.output("out_data", outData.type()), outData);
        return b.build();
    }

    /** {@code sat((v * mult + 2^(shift-1)) >> shift)} with constants (a product of 8 x 15 bits: shifts past 24 give 0). */
    private static Signal rescale(ModuleBuilder b, Signal v, int mult, int shift) {
        if (mult == 0 || shift > 24) {
            return b.lit(0, sint(8));
        }
        Signal p = v.mul(b.lit(mult, sint(Hdl.bits(mult) + 1)));
        if (shift > 0) {
            p = p.add(b.lit(1L << (shift - 1), sint(shift + 1))).shr(shift);
        }
        return Hdl.saturate(b, p, -128, 127, sint(8));
    }

    /** Two consumers of one stream: the input is taken once both have taken it, each at its own time. */
    static HdlModule fork(String name, int channels) {
        ModuleBuilder b = new ModuleBuilder("hsi_fork_" + name);
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(channels));
        Signal aReady = b.input("a_ready", uint(1));
        Signal bReady = b.input("b_ready", uint(1));
        Reg aDone = b.reg("a_done", uint(1), 0);
        Reg bDone = b.reg("b_done", uint(1), 0);
        Signal aValid = inValid.and(aDone.not());
        Signal bValid = inValid.and(bDone.not());
        Signal inReady = aDone.or(aReady).and(bDone.or(bReady));
        b.when(inValid.and(inReady), () -> {
                    b.set(aDone, 0);
                    b.set(bDone, 0);
                })
                .otherwise(() -> {
                    b.when(aValid.and(aReady), () -> b.set(aDone, 1));
                    b.when(bValid.and(bReady), () -> b.set(bDone, 1));
                });
        b.assign(b.output("in_ready", uint(1)), inReady);
        b.assign(b.output("a_valid", uint(1)), aValid);
        b.assign(b.output("b_valid", uint(1)), bValid);
        b.assign(b.output("out_data", inData.type()), inData);
        return b.build();
    }

    /**
     * First-word-fall-through FIFO of {@code depth} RAM entries plus an output register, with a
     * register of the highest occupancy seen ({@code max_occ}) for the sizing check.
     */
    static HdlModule fifo(String name, int channels, int depth) {
        ModuleBuilder b = new ModuleBuilder("hsi_fifo_" + name);
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(channels));
        Signal outReady = b.input("out_ready", uint(1));
        int ab = Hdl.bits(depth - 1);
        int cb = Hdl.bits(depth + 1);
        Reg wr = b.reg("wr", uint(ab), 0);
        Reg rd = b.reg("rd", uint(ab), 0);
        Reg count = b.reg("count", uint(cb), 0);
        Reg avail = b.reg("avail", uint(1), 0);
        Reg outValid = b.reg("out_v", uint(1), 0);
        Reg outData = b.reg("out_d", inData.type(), 0);
        Reg maxOcc = b.reg("max_occ_r", uint(cb), 0);
        Mem ram = b.ram("entries", inData.type(), Math.max(2, depth));
        Signal inReady = count.lt(depth);
        Signal push = inValid.and(inReady);
        Signal pop = avail.and(outValid.not().or(outReady));
        Signal rdNext = wrap(b, rd, depth);
        Signal head = ram.read("entries_rd", b.mux(pop, rdNext, rd).ext(ram.addrWidth()));
        ram.write(push, wr.ext(ram.addrWidth()), inData);
        b.when(push, () -> b.set(wr, wrap(b, wr, depth)));
        b.when(pop, () -> {
            b.set(rd, rdNext);
            b.set(outData, head);
        });
        b.set(avail, b.mux(pop, count.ge(2), count.ge(1)));
        b.set(outValid, pop.or(outValid.and(outReady.not())));
        Signal countNext = count.add(push.zextTo(cb)).sub(pop.zextTo(cb)).trunc(cb);
        b.set(count, countNext);
        Signal occ =
                countNext.add(pop.or(outValid.and(outReady.not())).zextTo(cb)).trunc(cb);
        b.when(occ.gt(maxOcc), () -> b.set(maxOcc, occ));
        b.assign(b.output("in_ready", uint(1)), inReady);
        b.assign(b.output("out_valid", uint(1)), outValid);
        b.assign(b.output("out_data", outData.type()), outData);
        b.assign(b.output("max_occ", maxOcc.type()), maxOcc);
        return b.build();
    }

    private static Signal wrap(ModuleBuilder b, Reg r, int depth) {
        return b.mux(r.eq(depth - 1), b.lit(0, r.type()), r.add(1).trunc(r.width()));
    }

    /** The tournament's survivors (class, logit) in registers loaded when {@code en}. */
    private static List<Signal[]> registered(ModuleBuilder b, List<Signal[]> level, Signal en) {
        List<Signal[]> out = new ArrayList<>();
        for (int i = 0; i < level.size(); i++) {
            Reg c = b.reg("half_c" + i, uint(8)).enable(en);
            b.set(c, level.get(i)[0]);
            Reg v = b.reg("half_l" + i, sint(8)).enable(en);
            b.set(v, level.get(i)[1]);
            out.add(new Signal[] {c, v});
        }
        return out;
    }

    /** Register stages of the argmax before its queue: the logits, the tournament's halfway survivors. */
    static final int ARGMAX_LATENCY = 2;

    /** Values the argmax holds at most, in its registers and its output queue: enough for one per cycle. */
    static final int ARGMAX_CREDITS = ARGMAX_LATENCY + 2;

    /**
     * The class of the largest logit (ties to the lower class) with tuser/tlast from the position. The
     * logits are registered first, then the comparator tournament, registered halfway, feeds a queue of
     * {@link #ARGMAX_CREDITS} entries; {@code in_ready} counts what the registers and the queue hold.
     */
    static HdlModule argmax(StreamPlan.Stage head, int classes) {
        ModuleBuilder b = new ModuleBuilder("hsi_argmax");
        Signal inValid = b.input("in_valid", uint(1));
        Signal inData = b.input("in_data", Hdl.byteVector(classes));
        Signal mReady = b.input("m_axis_tready", uint(1));
        int w = head.outWidth();
        int h = head.outHeight();
        Reg credits = b.reg("credits", uint(Hdl.bits(ARGMAX_CREDITS)), 0);
        Signal inReady = credits.ne(ARGMAX_CREDITS);
        Signal accept = inValid.and(inReady);
        Reg col = b.reg("col", uint(Hdl.bits(w - 1)), 0);
        Reg row = b.reg("row", uint(Hdl.bits(h - 1)), 0);
        Signal lastCol = col.eq(w - 1);
        Signal first = col.eq(0).and(row.eq(0));
        Reg valid = b.reg("in_v", uint(1), 0);
        b.set(valid, accept);
        Reg logits = b.reg("logits", inData.type()).enable(accept);
        b.set(logits, inData);
        Reg flags = b.reg("flags", uint(2)).enable(accept);
        b.set(flags, b.cat(lastCol, first));
        // a tournament: log2(classes) comparator levels instead of a chain of classes − 1, registered halfway
        List<Signal[]> level = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            level.add(new Signal[] {b.lit(c, uint(8)), Hdl.lane(logits, c)});
        }
        int split = (Hdl.bits(classes - 1) + 1) / 2;
        Reg halfValid = b.reg("half_v", uint(1), 0);
        b.set(halfValid, valid);
        Reg halfFlags = b.reg("half_flags", uint(2)).enable(valid);
        b.set(halfFlags, flags);
        for (int l = 0; level.size() > 1; l++) {
            if (l == split) {
                level = registered(b, level, valid);
            }
            List<Signal[]> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                Signal[] lo = level.get(i);
                Signal[] hi = level.get(i + 1);
                Signal better = hi[1].gt(lo[1]); // a tie keeps the lower class
                next.add(new Signal[] {b.mux(better, hi[0], lo[0]), b.mux(better, hi[1], lo[1])});
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        Hdl.Queue out = Hdl.queue(b, "m", ARGMAX_CREDITS, halfValid, b.cat(halfFlags, level.get(0)[0]), mReady);
        b.set(
                credits,
                credits.add(accept.zextTo(credits.width()))
                        .sub(out.pop().zextTo(credits.width()))
                        .trunc(credits.width()));
        b.when(accept, () -> {
            b.set(col, b.mux(lastCol, b.lit(0, col.type()), col.add(1).trunc(col.width())));
            b.when(
                    lastCol,
                    () -> b.set(
                            row,
                            b.mux(
                                    row.eq(h - 1),
                                    b.lit(0, row.type()),
                                    row.add(1).trunc(row.width()))));
        });
        b.assign(b.output("in_ready", uint(1)), inReady);
        b.assign(b.output("m_axis_tvalid", uint(1)), out.valid());
        b.assign(b.output("m_axis_tdata", uint(8)), out.data().slice(7, 0));
        b.assign(b.output("m_axis_tuser", uint(1)), out.data().bit(8));
        b.assign(b.output("m_axis_tlast", uint(1)), out.data().bit(9));
        return b.build();
    }
}
