package shears.rtl.pass;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;

/** A pass that rewrites each module on its own; module interfaces stay as they are. */
abstract class ModulePass implements Pass {
    abstract NetlistModule apply(NetlistModule m);

    @Override
    public final Netlist run(Netlist in) {
        List<NetlistModule> out = new ArrayList<>();
        boolean changed = false;
        for (NetlistModule m : in.modules()) {
            NetlistModule r = apply(m);
            changed |= r != m;
            out.add(r);
        }
        return changed ? new Netlist(in.topName(), out) : in; // nothing rewritten: the same verified netlist
    }
}
