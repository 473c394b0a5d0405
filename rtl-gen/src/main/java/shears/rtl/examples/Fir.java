package shears.rtl.examples;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * A transposed-form-free direct FIR filter: a shift register of signed samples, constant signed
 * coefficients, a balanced adder tree, and a registered full-precision output (no bit is dropped).
 */
public final class Fir {
    private Fir() {}

    /** Deterministic signed coefficients in [-(2^(w-1)-1), 2^(w-1)-1]; some are zero (pruned taps). */
    public static long[] coefficients(int taps, int coeffWidth, int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long lim = (1L << (coeffWidth - 1)) - 1;
        long[] c = new long[taps];
        for (int i = 0; i < taps; i++) {
            c[i] = r.nextInt(5) == 0 ? 0 : r.nextLong(-lim, lim + 1);
        }
        return c;
    }

    public static HdlModule build(int taps, int dataWidth, int coeffWidth, int seed) {
        return build(coefficients(taps, coeffWidth, seed), dataWidth, coeffWidth, "fir");
    }

    public static HdlModule build(long[] coeffs, int dataWidth, int coeffWidth, String name) {
        ModuleBuilder b = new ModuleBuilder(name);
        Signal x = b.input("x", sint(dataWidth));
        Signal valid = b.input("valid", uint(1));
        List<Signal> products = new ArrayList<>();
        Signal prev = x;
        for (int i = 0; i < coeffs.length; i++) {
            Reg tap = b.reg("tap" + i, sint(dataWidth), 0).enable(valid);
            b.set(tap, prev);
            prev = tap;
            if (coeffs[i] != 0) {
                products.add(tap.mul(b.lit(coeffs[i], sint(coeffWidth))));
            }
        }
        Signal sum = products.isEmpty() ? b.lit(0, sint(1)) : tree(products);
        Output y = b.output("y", sum.type());
        Reg acc = b.reg("acc", sum.type(), 0);
        b.set(acc, sum);
        b.assign(y, acc);
        return b.build();
    }

    private static Signal tree(List<Signal> xs) {
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
}
