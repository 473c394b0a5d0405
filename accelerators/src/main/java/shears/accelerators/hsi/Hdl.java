package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.hdl.HdlType;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/** Small circuits the stage generators share: selection trees, signed byte lanes, saturation, a skid buffer. */
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

    /** A skid buffer's ports seen from inside the module. */
    record Skid(Signal inReady, Signal outValid, Signal outData) {}

    /**
     * Two-entry skid buffer: full throughput with {@code inReady} a register decode, so no combinational
     * path runs from {@code outReady} back upstream.
     */
    static Skid skid(ModuleBuilder b, String name, Signal inValid, Signal inData, Signal outReady) {
        HdlType t = uint(inData.width());
        Reg count = b.reg(name + "_n", uint(2), 0);
        Reg e0 = b.reg(name + "_e0", t);
        Reg e1 = b.reg(name + "_e1", t);
        Signal inReady = count.ne(2);
        Signal push = inValid.and(inReady);
        Signal pop = count.ne(0).and(outReady);
        Signal data = inData.asUInt();
        b.when(push.and(count.eq(0).or(pop)), () -> b.set(e0, data));
        b.when(pop.and(count.eq(2)), () -> b.set(e0, e1));
        b.when(push.and(count.eq(1)).and(pop.not()), () -> b.set(e1, data));
        b.set(count, count.add(push.zextTo(2)).sub(pop.zextTo(2)).trunc(2));
        return new Skid(inReady, count.ne(0), e0);
    }

    static HdlType byteVector(int lanes) {
        return uint(8 * lanes);
    }

    static HdlType s(int w) {
        return sint(w);
    }
}
