package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.hdl.HdlType;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/** Small circuits the stage generators share: selection trees, signed byte lanes, saturation, a register queue. */
final class Hdl {
    private Hdl() {}

    /** Bits to count 0..max (at least 1). */
    static int bits(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }

    /** {@code options[sel]} as a balanced mux tree on {@code sel}'s bits (indices past the end give the last option). */
    static Signal select(ModuleBuilder b, Signal sel, List<Signal> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        List<Signal> level = new ArrayList<>(options);
        for (int bit = 0; level.size() > 1; bit++) {
            List<Signal> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? b.mux(sel.bit(bit), level.get(i + 1), level.get(i)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    /** Constants {@code values[sel]} of {@code type}. */
    static Signal table(ModuleBuilder b, Signal sel, long[] values, HdlType type) {
        List<Signal> opts = new ArrayList<>();
        for (long v : values) {
            opts.add(b.lit(v, type));
        }
        return select(b, sel, opts);
    }

    /** Signed byte lane {@code i} of a packed vector. */
    static Signal lane(Signal vector, int i) {
        return vector.slice(8 * i + 7, 8 * i).asSInt();
    }

    /** Packs signed bytes, lane 0 in the low bits. */
    static Signal pack(ModuleBuilder b, List<Signal> lanes) {
        Signal[] parts = new Signal[lanes.size()];
        for (int i = 0; i < lanes.size(); i++) {
            parts[lanes.size() - 1 - i] = lanes.get(i).asUInt();
        }
        return b.cat(parts);
    }

    /** Signed {@code x} saturated to [lo, hi], as {@code out}. */
    static Signal saturate(ModuleBuilder b, Signal x, long lo, long hi, HdlType out) {
        Signal sat = b.mux(x.lt(b.slit(lo)), b.slit(lo), b.mux(x.gt(b.slit(hi)), b.slit(hi), x));
        return sat.trunc(out.width());
    }

    static Signal max(ModuleBuilder b, Signal x, Signal y) {
        return b.mux(x.lt(y), y, x);
    }

    /** Sum of signed terms as a balanced adder tree. */
    static Signal sum(List<Signal> terms) {
        List<Signal> xs = new ArrayList<>(terms);
        while (xs.size() > 1) {
            List<Signal> next = new ArrayList<>();
            for (int i = 0; i + 1 < xs.size(); i += 2) {
                next.add(xs.get(i).add(xs.get(i + 1)));
            }
            if (xs.size() % 2 == 1) {
                next.add(xs.get(xs.size() - 1));
            }
            xs = next;
        }
        return xs.get(0);
    }

    /** A register queue's read side. */
    record Queue(Signal valid, Signal data, Signal pop) {}

    /** A queue of {@code depth} registers (a power of two) written whenever {@code push}; the writer keeps it from overflowing. */
    static Queue queue(ModuleBuilder b, String name, int depth, Signal push, Signal data, Signal outReady) {
        int ab = Hdl.bits(depth - 1);
        Reg wr = b.reg(name + "_wr", uint(ab), 0);
        Reg rd = b.reg(name + "_rd", uint(ab), 0);
        Reg count = b.reg(name + "_n", uint(Hdl.bits(depth)), 0);
        List<Signal> entries = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Reg e = b.reg(name + "_e" + i, data.type()).enable(push.and(wr.eq(i)));
            b.set(e, data);
            entries.add(e);
        }
        Signal valid = count.ne(0);
        Signal pop = valid.and(outReady);
        b.when(push, () -> b.set(wr, wr.add(1).trunc(ab)));
        b.when(pop, () -> b.set(rd, rd.add(1).trunc(ab)));
        b.set(
                count,
                count.add(push.zextTo(count.width()))
                        .sub(pop.zextTo(count.width()))
                        .trunc(count.width()));
        return new Queue(valid, Hdl.select(b, rd, entries), pop);
    }

    static HdlType byteVector(int lanes) {
        return uint(8 * lanes);
    }

    static HdlType s(int w) {
        return sint(w);
    }
}
