package shears.rtl.examples;

import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * A seeded random design of roughly {@code nodes} operations over every op kind, with registers
 * feeding back (with and without reset and enable), for benchmarks and differential testing. Every
 * operation's result reaches an output, so passes cannot delete the work.
 */
public final class RandomDesign {
    private RandomDesign() {}

    public static HdlModule build(int nodes, int maxWidth, int seed) {
        return build(nodes, maxWidth, seed, 0);
    }

    /** As above with {@code memories} RAMs/ROMs (random widths and depths, 1-2 read ports, enables). */
    public static HdlModule build(int nodes, int maxWidth, int seed, int memories) {
        SplittableRandom r = new SplittableRandom(seed);
        ModuleBuilder b = new ModuleBuilder(
                "random_" + nodes + "_w" + maxWidth + "_s" + seed + (memories > 0 ? "_m" + memories : ""));
        List<Signal> pool = new ArrayList<>();
        int inputs = 4 + r.nextInt(5);
        for (int i = 0; i < inputs; i++) {
            pool.add(b.input("in" + i, uint(1 + r.nextInt(maxWidth))));
        }
        List<Reg> regs = new ArrayList<>();
        int regCount = Math.max(1, nodes / 20);
        for (int i = 0; i < regCount; i++) {
            int w = 1 + r.nextInt(maxWidth);
            Reg reg = r.nextBoolean()
                    ? b.reg("r" + i, uint(w), r.nextLong(0, w >= 63 ? Long.MAX_VALUE : 1L << w))
                    : b.reg("r" + i, uint(w));
            regs.add(reg);
            pool.add(reg);
        }
        List<Mem> rams = new ArrayList<>();
        for (int k = 0; k < memories; k++) {
            int w = 1 + r.nextInt(maxWidth);
            int depth = 2 + r.nextInt(39);
            Mem mem;
            if (r.nextBoolean()) {
                mem = b.ram("mem" + k, uint(w), depth);
                rams.add(mem);
            } else {
                long[] init = new long[depth];
                for (int a = 0; a < depth; a++) {
                    init[a] = r.nextLong() & (w >= 63 ? Long.MAX_VALUE : (1L << w) - 1);
                }
                mem = b.rom("mem" + k, uint(w), init);
            }
            int ports = 1 + r.nextInt(2);
            for (int p = 0; p < ports; p++) {
                Signal addr = fit(b, pick(r, pool), mem.addrWidth(), r);
                Signal rd = r.nextBoolean()
                        ? mem.read("mem" + k + "_rd" + p, addr)
                        : mem.read("mem" + k + "_rd" + p, addr, pick(r, pool).bit(0));
                pool.add(rd);
            }
        }
        List<Signal> fresh = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Signal x = pick(r, pool);
            Signal y = fit(b, pick(r, pool), x.width(), r);
            Signal v = switch (r.nextInt(16)) {
                case 0 -> x.add(y);
                case 1 -> x.sub(y);
                case 2 ->
                    x.width() + y.width() <= 2 * maxWidth
                            ? x.mul(y.trunc(Math.max(1, Math.min(y.width(), 1 + r.nextInt(maxWidth)))))
                            : x.xor(y);
                case 3 -> x.and(y);
                case 4 -> x.or(y);
                case 5 -> x.xor(y).not();
                case 6 -> x.shl(y.slice(Math.min(y.width(), 8) - 1, 0));
                case 7 ->
                    r.nextBoolean()
                            ? x.shr(y.slice(Math.min(y.width(), 8) - 1, 0))
                            : x.asSInt()
                                    .shr(y.slice(Math.min(y.width(), 8) - 1, 0))
                                    .asUInt();
                case 8 ->
                    b.cat(
                            x.lt(y),
                            x.asSInt().le(y.asSInt()),
                            x.eq(y),
                            x.ge(y),
                            x.asSInt().gt(y.asSInt()),
                            x.ne(y));
                case 9 -> b.mux(pick(r, pool).bit(0), x, y);
                case 10 -> {
                    int hi = r.nextInt(x.width());
                    int lo = r.nextInt(hi + 1);
                    yield x.slice(hi, lo);
                }
                case 11 ->
                    b.cat(
                            x.trunc(Math.min(x.width(), 1 + r.nextInt(maxWidth))),
                            y.trunc(Math.min(y.width(), 1 + r.nextInt(8))));
                case 12 ->
                    x.asSInt()
                            .sextTo(Math.min(2 * maxWidth, x.width() + 1 + r.nextInt(8)))
                            .asUInt();
                case 13 -> b.cat(x.andR(), x.orR(), x.xorR());
                case 14 -> x.shl(r.nextInt(4)).add(b.lit(r.nextLong(0, Long.MAX_VALUE)));
                default -> x.asSInt().neg().asUInt();
            };
            if (v.width() > maxWidth) {
                v = v.trunc(maxWidth);
            }
            pool.add(v);
            fresh.add(v);
            if (pool.size() > 64 && r.nextInt(4) != 0) {
                pool.remove(r.nextInt(pool.size() - 32));
            }
        }
        for (Reg reg : regs) {
            Signal d = fit(b, pick(r, fresh), reg.width(), r);
            if (r.nextInt(3) == 0) {
                reg.enable(pick(r, fresh).bit(0));
            }
            b.set(reg, d);
        }
        for (Mem mem : rams) {
            mem.write(
                    pick(r, fresh).bit(0),
                    fit(b, pick(r, fresh), mem.addrWidth(), r),
                    fit(b, pick(r, fresh), mem.type().width(), r));
        }
        // Fold everything into a few outputs so no operation is dead.
        int outs = 8;
        Signal[] acc = new Signal[outs];
        for (int i = 0; i < fresh.size(); i++) {
            Signal v = fresh.get(i);
            int k = i % outs;
            Signal folded = v.width() > 16 ? v.slice(15, 0).xor(v.slice(v.width() - 1, v.width() - 16)) : v.zextTo(16);
            acc[k] = acc[k] == null ? folded : acc[k].xor(folded);
        }
        for (int k = 0; k < outs; k++) {
            Output o = b.output("out" + k, uint(16));
            b.assign(o, acc[k] == null ? b.lit(0, uint(16)) : acc[k]);
        }
        return b.build();
    }

    private static Signal pick(SplittableRandom r, List<Signal> pool) {
        int n = pool.size();
        return r.nextInt(3) == 0 ? pool.get(r.nextInt(n)) : pool.get(n - 1 - r.nextInt(Math.min(n, 16)));
    }

    private static Signal fit(ModuleBuilder b, Signal s, int w, SplittableRandom r) {
        if (s.width() == w) {
            return s;
        }
        return s.width() > w
                ? s.trunc(w)
                : (r.nextBoolean() ? s.zextTo(w) : s.asSInt().sextTo(w).asUInt());
    }
}
