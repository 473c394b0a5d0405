package shears.rtl.ir;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * One cell of a flat netlist. Its output is the net with the cell's index.
 *
 * @param op     the operation (see the width table in {@link Op})
 * @param width  output width in bits, any value &ge; 1
 * @param signed how the output bits are to be read (two's complement or unsigned)
 * @param inputs input nets; -1 marks an absent optional input (REG enable/reset, MEM_READ enable)
 * @param aux    op-specific integer (SLICE low bit, MEM_READ memory index, INST_OUT instance index)
 * @param value  CONST value, or REG reset value (null: no reset); always in [0, 2^width)
 * @param name   builder name, or null for an anonymous intermediate
 * @param loc    generator source line that created it
 */
public record Cell(
        Op op, int width, boolean signed, int[] inputs, int aux, BigInteger value, String name, SourceLoc loc) {
    public static final int NONE = -1;

    public Cell {
        Objects.requireNonNull(op, "op");
        if (width < 1) {
            throw new IllegalArgumentException("cell width must be >= 1, got " + width);
        }
        inputs = inputs.clone();
        if (op.arity() >= 0 && inputs.length != op.arity()) {
            throw new IllegalArgumentException(op + " takes " + op.arity() + " inputs, got " + inputs.length);
        }
        if (value != null && (value.signum() < 0 || value.bitLength() > width)) {
            throw new IllegalArgumentException("value " + value + " does not fit " + width + " unsigned bits");
        }
        if (op == Op.CONST && value == null) {
            throw new IllegalArgumentException("CONST needs a value");
        }
        if (loc == null) {
            loc = SourceLoc.UNKNOWN;
        }
    }

    /** A copy of the input nets. Prefer {@link #in(int)} in loops. */
    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    public int in(int i) {
        return inputs[i];
    }

    public int inputCount() {
        return inputs.length;
    }

    public Cell withInputs(int[] newInputs) {
        return new Cell(op, width, signed, newInputs, aux, value, name, loc);
    }

    public Cell withName(String newName) {
        return new Cell(op, width, signed, inputs, aux, value, newName, loc);
    }

    public static Cell constant(BigInteger v, int width, boolean signed, String name, SourceLoc loc) {
        return new Cell(Op.CONST, width, signed, new int[0], 0, v, name, loc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell c
                && op == c.op
                && width == c.width
                && signed == c.signed
                && aux == c.aux
                && Arrays.equals(inputs, c.inputs)
                && Objects.equals(value, c.value)
                && Objects.equals(name, c.name)
                && Objects.equals(loc, c.loc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, width, signed, Arrays.hashCode(inputs), aux, value, name);
    }

    @Override
    public String toString() {
        return op + "<" + (signed ? "s" : "u") + width + ">" + Arrays.toString(inputs)
                + (name != null ? " " + name : "");
    }
}
