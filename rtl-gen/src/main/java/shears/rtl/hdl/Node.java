package shears.rtl.hdl;

import java.math.BigInteger;
import shears.rtl.ir.Op;
import shears.rtl.ir.SourceLoc;

/** An anonymous expression: one netlist cell once lowered. */
public final class Node extends Signal {
    final Op op;
    final Signal[] operands;
    final int aux;
    final BigInteger value;
    /** The memory of a MEM_READ, or the instance of an INST_OUT. */
    Object ref;
    /** Builder name given to a MEM_READ or INST_OUT result. */
    String name;

    Node(ModuleBuilder owner, Op op, HdlType type, int aux, BigInteger value, Signal[] operands, SourceLoc loc) {
        super(owner, type, loc);
        this.op = op;
        this.operands = operands;
        this.aux = aux;
        this.value = value;
    }

    @Override
    public String describe() {
        if (name != null) {
            return "'" + name + "'";
        }
        return op == Op.CONST ? "constant " + value : op.name().toLowerCase() + " expression";
    }
}
