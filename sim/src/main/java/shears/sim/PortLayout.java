package shears.sim;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Cell;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.OutputPort;
import shears.sim.bits.WideBits;

/**
 * How port values are packed into {@code long} words for batched runs: each port takes
 * ceil(width/64) words at a fixed offset, ports in declaration order, least significant word first.
 */
public record PortLayout(List<Port> inputs, List<Port> outputs, int inputWords, int outputWords) {
    public record Port(String name, int width, int net, int offset) {
        public int words() {
            return WideBits.words(width);
        }
    }

    public PortLayout {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public static PortLayout of(NetlistModule m) {
        List<Port> ins = new ArrayList<>();
        int off = 0;
        for (int net : m.inputNets()) {
            Cell c = m.cell(net);
            ins.add(new Port(c.name(), c.width(), net, off));
            off += WideBits.words(c.width());
        }
        List<Port> outs = new ArrayList<>();
        int oo = 0;
        for (OutputPort o : m.outputs()) {
            int w = m.cell(o.net()).width();
            outs.add(new Port(o.name(), w, o.net(), oo));
            oo += WideBits.words(w);
        }
        return new PortLayout(ins, outs, off, oo);
    }

    /** Same port names, widths and packing (net numbers may differ, e.g. before and after passes). */
    public boolean sameShapeAs(PortLayout o) {
        return shape(inputs).equals(shape(o.inputs)) && shape(outputs).equals(shape(o.outputs));
    }

    private static List<String> shape(List<Port> ports) {
        List<String> s = new ArrayList<>();
        for (Port p : ports) {
            s.add(p.name() + ":" + p.width() + "@" + p.offset());
        }
        return s;
    }

    public Port input(String name) {
        for (Port p : inputs) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public Port output(String name) {
        for (Port p : outputs) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
