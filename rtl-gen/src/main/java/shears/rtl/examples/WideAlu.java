package shears.rtl.examples;

import static shears.rtl.hdl.HdlType.uint;

import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * An ALU over operands of any width (default 130, beyond a {@code long}): add, subtract, multiply,
 * bitwise ops, dynamic shifts (logical and arithmetic), signed and unsigned compares, reductions,
 * selected by {@code op} into a registered full-precision result.
 */
public final class WideAlu {
    private WideAlu() {}

    public static HdlModule build(int width) {
        ModuleBuilder b = new ModuleBuilder("wide_alu");
        Signal a = b.input("a", uint(width));
        Signal bb = b.input("b", uint(width));
        Signal op = b.input("op", uint(3));
        int shiftBits = Math.min(width, 64 - Long.numberOfLeadingZeros(width) + 1);
        Signal amount = bb.slice(shiftBits - 1, 0);
        int rw = 2 * width;
        Signal sum = a.add(bb);
        Signal diff = a.asSInt().sub(bb.asSInt());
        Signal prod = a.mul(bb);
        Signal sra = a.asSInt().shr(amount).asUInt();
        Signal[] results = {sum, diff.asUInt(), prod, a.and(bb), a.or(bb), a.xor(bb.not()), a.shl(amount), sra};
        Reg result = b.reg("result", uint(rw), 0);
        b.set(result, results[0].zextTo(rw));
        for (int k = 1; k < results.length; k++) {
            final Signal v = results[k].zextTo(rw);
            b.when(op.eq(k), () -> b.set(result, v));
        }
        Output out = b.output("result_q", uint(rw));
        b.assign(out, result);
        Output flags = b.output("flags", uint(6));
        b.assign(
                flags,
                b.cat(
                        a.lt(bb),
                        a.asSInt().lt(bb.asSInt()),
                        a.eq(bb),
                        a.xorR(),
                        a.andR(),
                        a.asSInt().ge(bb.asSInt())));
        Output shr = b.output("shr", uint(width));
        b.assign(shr, a.shr(amount));
        Output neg = b.output("neg", uint(width + 1));
        b.assign(neg, a.neg().asUInt());
        return b.build();
    }
}
