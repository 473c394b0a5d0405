package shears.rtl.hdl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;

/** A finished, lowered module and the modules it instantiates. Immutable. */
public final class HdlModule {
    private final NetlistModule module;
    private final List<HdlModule> children;

    HdlModule(NetlistModule module, List<HdlModule> children) {
        this.module = module;
        this.children = List.copyOf(children);
    }

    public String name() {
        return module.name();
    }

    public NetlistModule netlistModule() {
        return module;
    }

    /** This module as the top of a verified netlist, hierarchy kept. */
    public Netlist netlist() {
        Map<String, HdlModule> all = new LinkedHashMap<>();
        collect(this, all);
        List<NetlistModule> mods = new ArrayList<>();
        all.values().forEach(m -> mods.add(m.module));
        return new Netlist(name(), mods);
    }

    private static void collect(HdlModule m, Map<String, HdlModule> all) {
        HdlModule prev = all.get(m.name());
        if (prev != null) {
            if (prev != m
                    && !Netlist.of(prev.module)
                            .dump()
                            .equals(Netlist.of(m.module).dump())) {
                throw new DesignException("two different modules are named '" + m.name()
                        + "'; give each generator configuration its own name");
            }
            return;
        }
        all.put(m.name(), m);
        for (HdlModule c : m.children) {
            collect(c, all);
        }
    }
}
