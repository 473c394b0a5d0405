package shears.accelerators.logic;

import static shears.rtl.hdl.HdlType.uint;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shears.rtl.aig.Aig;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Signal;

/** An and-inverter graph as a combinational module: one AND (with inverted inputs) per node. */
public final class AigModule {
    private AigModule() {}

    public static HdlModule build(Aig aig, String moduleName) {
        ModuleBuilder b = new ModuleBuilder(moduleName);
        Set<String> taken = new HashSet<>();
        Signal[] value = new Signal[aig.maxVar() + 1];
        value[0] = b.lit(0, uint(1));
        for (PortNaming.Port p : PortNaming.group(aig.inputNames(), taken)) {
            Signal in = b.input(p.name(), uint(p.bits().size()));
            for (int k = 0; k < p.bits().size(); k++) {
                value[p.bits().get(k) + 1] = p.bits().size() == 1 ? in : in.bit(k);
            }
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            value[v] = literal(value, aig.fanin0(v)).and(literal(value, aig.fanin1(v)));
        }
        List<PortNaming.Port> outs = PortNaming.group(aig.outputNames(), taken);
        for (PortNaming.Port p : outs) {
            Output o = b.output(p.name(), uint(p.bits().size()));
            Signal[] msbFirst = new Signal[p.bits().size()];
            for (int k = 0; k < msbFirst.length; k++) {
                msbFirst[msbFirst.length - 1 - k] =
                        literal(value, aig.output(p.bits().get(k)));
            }
            b.assign(o, msbFirst.length == 1 ? msbFirst[0] : b.cat(msbFirst));
        }
        return b.build();
    }

    private static Signal literal(Signal[] value, int lit) {
        Signal s = value[lit >> 1];
        return (lit & 1) == 0 ? s : s.not();
    }
}
