package shears.rtl.examples;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.SplittableRandom;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Inst;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Clocking;

/**
 * A small PE array: activations are written into a RAM through a load port; while {@code run} is
 * high an address counter streams them out, each PE multiplies the broadcast activation by its own
 * weight from a per-PE ROM and accumulates. Exercises hierarchy (one {@code pe} module instanced P
 * times), RAM with a write port, ROMs, enables and synchronous reset, optionally AMBA-named.
 */
public final class MacArray {
    private MacArray() {}

    /** With {@code axi}, the top's clock and reset are {@link Clocking#AXI}'s; the PEs keep Shears' own. */
    public static HdlModule build(int pes, int dataWidth, int depth, int seed, boolean axi) {
        int accWidth = 2 * dataWidth + 64 - Long.numberOfLeadingZeros(depth);
        HdlModule pe = pe(dataWidth, accWidth);
        ModuleBuilder b = new ModuleBuilder("mac_array", axi ? Clocking.AXI : Clocking.DEFAULT);
        Signal we = b.input("we", uint(1));
        Mem act = b.ram("act", sint(dataWidth), depth);
        Signal waddr = b.input("waddr", uint(act.addrWidth()));
        Signal wdata = b.input("wdata", sint(dataWidth));
        Signal run = b.input("run", uint(1));
        Signal clear = b.input("clear", uint(1));
        act.write(we, waddr, wdata);

        Reg idx = b.reg("idx", uint(act.addrWidth()), 0).enable(run);
        Signal last = idx.eq(depth - 1);
        b.set(idx, b.mux(last, b.lit(0), idx.add(1).trunc(act.addrWidth())));
        Reg validD = b.reg("valid_d", uint(1), 0);
        b.set(validD, run);
        Signal a = act.read("act_rd", idx, run);

        SplittableRandom r = new SplittableRandom(seed);
        long lim = (1L << (dataWidth - 1)) - 1;
        for (int p = 0; p < pes; p++) {
            long[] w = new long[depth];
            for (int i = 0; i < depth; i++) {
                w[i] = r.nextLong(-lim, lim + 1);
            }
            Mem rom = b.rom("w" + p, sint(dataWidth), w);
            Signal wv = rom.read("w" + p + "_rd", idx, run);
            Inst u = b.instance("u_pe" + p, pe);
            u.in("a", a).in("w", wv).in("en", validD).in("clear", clear);
            Output acc = b.output("acc" + p, sint(accWidth));
            b.assign(acc, u.out("acc"));
        }
        Output done = b.output("done", uint(1));
        b.assign(done, run.and(last));
        return b.build();
    }

    private static HdlModule pe(int dataWidth, int accWidth) {
        ModuleBuilder b = new ModuleBuilder("pe_d" + dataWidth + "_a" + accWidth);
        Signal a = b.input("a", sint(dataWidth));
        Signal w = b.input("w", sint(dataWidth));
        Signal en = b.input("en", uint(1));
        Signal clear = b.input("clear", uint(1));
        Reg acc = b.reg("acc_q", sint(accWidth), 0);
        b.when(clear, () -> b.set(acc, b.lit(0, sint(accWidth))))
                .elseWhen(en, () -> b.set(acc, acc.add(a.mul(w)).trunc(accWidth)));
        Output out = b.output("acc", sint(accWidth));
        b.assign(out, acc);
        return b.build();
    }
}
