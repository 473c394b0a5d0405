package shears.rtl.pass;

import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;

import java.util.ArrayList;
import java.util.List;

/** A pass that rewrites each module on its own; module interfaces stay as they are. */
abstract class ModulePass implements Pass {
    abstract NetlistModule apply(NetlistModule m);

    @Override
    public final Netlist run(Netlist in) {
        List<NetlistModule> out = new ArrayList<>();
        for (NetlistModule m : in.modules()) {
            out.add(apply(m));
        }
        return new Netlist(in.topName(), out);
    }
}
