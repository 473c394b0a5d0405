package shears.rtl.examples;

import static shears.rtl.hdl.HdlType.uint;

import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/** An enabled up-counter with synchronous reset and a wrap flag. */
public final class Counter {
    private Counter() {}

    public static HdlModule build(int width) {
        ModuleBuilder b = new ModuleBuilder("counter");
        Signal en = b.input("en", uint(1));
        Output count = b.output("count", uint(width));
        Output wrap = b.output("wrap", uint(1));
        Reg cnt = b.reg("cnt", uint(width), 0);
        b.when(en, () -> b.set(cnt, cnt.add(1).trunc(width)));
        b.assign(count, cnt);
        b.assign(wrap, en.and(cnt.andR()));
        return b.build();
    }
}
