package shears.rtl.ir;

import java.util.List;
import java.util.Objects;

/**
 * A kept submodule instance. Child inputs are driven by parent nets; each child output appears in
 * the parent as an {@link Op#INST_OUT} cell whose aux is this instance's index.
 *
 * @param name    instance name (Verilog instance identifier; flattening prefixes child names with it)
 * @param module  the child module's name in the same {@link Netlist}
 * @param inputs  child input port name to parent net
 * @param outputs child output port name to parent INST_OUT net
 */
public record Instance(String name, String module, List<Connection> inputs, List<Connection> outputs, SourceLoc loc) {
    public Instance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (loc == null) {
            loc = SourceLoc.UNKNOWN;
        }
    }

    public record Connection(String port, int net) {}
}
