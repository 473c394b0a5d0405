package shears.rtl.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lowered design every back end reads: the emitter, both simulation engines and the
 * estimators. A set of {@link NetlistModule}s keyed by name with one top; hierarchy is kept
 * ({@link Instance}s) or flattened ({@link #flatten()}). Immutable and verified on construction.
 */
public final class Netlist {
    private final String top;
    private final Map<String, NetlistModule> modules;
    private final Map<String, int[]> combOrders = new HashMap<>();
    private final Map<String, Boolean> clocked = new HashMap<>();

    public Netlist(String top, List<NetlistModule> modules) {
        this.top = top;
        Map<String, NetlistModule> m = new TreeMap<>();
        for (NetlistModule mod : modules) {
            if (m.put(mod.name(), mod) != null) {
                throw new NetlistException("duplicate module " + mod.name());
            }
        }
        this.modules = Collections.unmodifiableMap(m);
        if (!m.containsKey(top)) {
            throw new NetlistException("top module " + top + " not in netlist");
        }
        NetlistVerifier.verify(this);
    }

    /** A netlist of a single module. */
    public static Netlist of(NetlistModule module) {
        return new Netlist(module.name(), List.of(module));
    }

    public String topName() {
        return top;
    }

    public NetlistModule top() {
        return modules.get(top);
    }

    public NetlistModule module(String name) {
        NetlistModule m = modules.get(name);
        if (m == null) {
            throw new NetlistException("no module " + name);
        }
        return m;
    }

    /** Modules in name order (deterministic). */
    public List<NetlistModule> modules() {
        return new ArrayList<>(modules.values());
    }

    public boolean isFlat() {
        return modules.size() == 1 && top().instances().isEmpty();
    }

    /** Re-runs every structural check; returns this so tests can chain it around passes. */
    public Netlist verify() {
        NetlistVerifier.verify(this);
        return this;
    }

    /** Combinational cells of a module, each after all of its combinational inputs. */
    public synchronized int[] combOrder(String module) {
        return combOrders
                .computeIfAbsent(module, k -> Levelizer.combOrder(module(k)))
                .clone();
    }

    /** True if the module (or anything it instantiates) has a register or memory, so it has a clk port. */
    public synchronized boolean needsClock(String module) {
        Boolean b = clocked.get(module);
        if (b == null) {
            NetlistModule m = module(module);
            boolean r = m.hasLocalState();
            for (Instance inst : m.instances()) {
                r |= needsClock(inst.module());
            }
            clocked.put(module, r);
            b = r;
        }
        return b;
    }

    /** A copy with every instance inlined into the top module; child names get "instance." prefixes. */
    public Netlist flatten() {
        return isFlat() ? this : Netlist.of(Flattener.flatten(this));
    }

    /** Deterministic text form of every module, used by golden tests. */
    public String dump() {
        return NetlistDump.dump(this);
    }

    /** Total cell count over every module. */
    public int cellCount() {
        int n = 0;
        for (NetlistModule m : modules.values()) {
            n += m.size();
        }
        return n;
    }
}
