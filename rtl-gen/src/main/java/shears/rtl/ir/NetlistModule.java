package shears.rtl.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One module of a {@link Netlist}: a flat list of cells (net i = output of cell i), its output
 * ports, memories and kept submodule instances. Immutable. Inputs are the {@link Op#INPUT} cells in
 * cell order; the clock is implicit and shared by every register, memory and instance, and
 * {@link #clocking()} names it and the reset port.
 */
public final class NetlistModule {
    private final String name;
    private final List<Cell> cells;
    private final List<OutputPort> outputs;
    private final List<Memory> memories;
    private final List<Instance> instances;
    private final int[] inputCells;
    private final Clocking clocking;

    public NetlistModule(
            String name, List<Cell> cells, List<OutputPort> outputs, List<Memory> memories, List<Instance> instances) {
        this(name, cells, outputs, memories, instances, Clocking.DEFAULT);
    }

    public NetlistModule(
            String name,
            List<Cell> cells,
            List<OutputPort> outputs,
            List<Memory> memories,
            List<Instance> instances,
            Clocking clocking) {
        this.name = name;
        this.clocking = clocking;
        this.cells = List.copyOf(cells);
        this.outputs = List.copyOf(outputs);
        this.memories = List.copyOf(memories);
        this.instances = List.copyOf(instances);
        List<Integer> ins = new ArrayList<>();
        for (int i = 0; i < this.cells.size(); i++) {
            if (this.cells.get(i).op() == Op.INPUT) {
                ins.add(i);
            }
        }
        this.inputCells = ins.stream().mapToInt(Integer::intValue).toArray();
    }

    public String name() {
        return name;
    }

    /** The names of the clock and reset ports, and the reset's polarity. */
    public Clocking clocking() {
        return clocking;
    }

    public List<Cell> cells() {
        return cells;
    }

    public Cell cell(int net) {
        return cells.get(net);
    }

    public int size() {
        return cells.size();
    }

    public List<OutputPort> outputs() {
        return outputs;
    }

    public List<Memory> memories() {
        return memories;
    }

    public List<Instance> instances() {
        return instances;
    }

    /** Indices of INPUT cells, in declaration order. */
    public int[] inputNets() {
        return inputCells.clone();
    }

    public List<Cell> inputs() {
        List<Cell> r = new ArrayList<>();
        for (int i : inputCells) {
            r.add(cells.get(i));
        }
        return Collections.unmodifiableList(r);
    }

    /** Net of the input port with this name, or -1. */
    public int inputNet(String port) {
        for (int i : inputCells) {
            if (port.equals(cells.get(i).name())) {
                return i;
            }
        }
        return -1;
    }

    public OutputPort output(String port) {
        for (OutputPort o : outputs) {
            if (o.name().equals(port)) {
                return o;
            }
        }
        return null;
    }

    /** True if any register, memory or instance needs the clock (instances are checked by {@link Netlist}). */
    boolean hasLocalState() {
        if (!memories.isEmpty()) {
            return true;
        }
        for (Cell c : cells) {
            if (c.op() == Op.REG || c.op() == Op.MEM_READ) {
                return true;
            }
        }
        return false;
    }
}
