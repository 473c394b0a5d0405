package shears.rtl.ir;

/**
 * The cell operations of the flat netlist, and the single table that states their widths.
 *
 * <p>Net {@code n} is the output of cell {@code n}. Values are bit vectors of the cell's width; the
 * cell's {@code signed} flag says how the bits are interpreted where that matters (extension,
 * ordered comparison, arithmetic shift). Arithmetic and bitwise operands are pre-extended by the
 * front end, so most ops need no width rules beyond "all equal": nothing is truncated or widened
 * implicitly in the netlist.
 *
 * <table>
 *   <caption>Operands and result width (w = cell width, wa/wb = operand widths)</caption>
 *   <tr><th>op</th><th>inputs</th><th>rule</th><th>aux</th></tr>
 *   <tr><td>INPUT</td><td>—</td><td>w = port width</td><td>—</td></tr>
 *   <tr><td>CONST</td><td>—</td><td>w &ge; 1, value in [0, 2^w)</td><td>—</td></tr>
 *   <tr><td>ADD, SUB, MUL</td><td>a, b</td><td>wa = wb = w; result mod 2^w (front end widens: add/sub
 *       max+1, mul wa+wb)</td><td>—</td></tr>
 *   <tr><td>AND, OR, XOR</td><td>a, b</td><td>wa = wb = w</td><td>—</td></tr>
 *   <tr><td>NOT</td><td>a</td><td>wa = w</td><td>—</td></tr>
 *   <tr><td>SHL, SHR, SRA</td><td>a, amount</td><td>wa = w; amount any width, unsigned; shifting by
 *       &ge; w gives 0 (SRA: all sign bits)</td><td>—</td></tr>
 *   <tr><td>EQ, NE, LTU, LEU, LTS, LES</td><td>a, b</td><td>wa = wb; w = 1</td><td>—</td></tr>
 *   <tr><td>MUX</td><td>sel, ifTrue, ifFalse</td><td>wsel = 1; both data = w</td><td>—</td></tr>
 *   <tr><td>SLICE</td><td>a</td><td>aux + w &le; wa</td><td>lowest bit taken</td></tr>
 *   <tr><td>CONCAT</td><td>parts, most significant first</td><td>w = sum of part widths</td><td>—</td></tr>
 *   <tr><td>ZEXT, SEXT</td><td>a</td><td>wa &le; w</td><td>—</td></tr>
 *   <tr><td>RED_AND, RED_OR, RED_XOR</td><td>a</td><td>w = 1</td><td>—</td></tr>
 *   <tr><td>ALIAS</td><td>a</td><td>wa = w; a named copy that keeps a builder name alive</td><td>—</td></tr>
 *   <tr><td>REG</td><td>d, enable or -1, reset or -1</td><td>wd = w; enable, reset 1 bit; reset value
 *       in {@link Cell#value()}</td><td>—</td></tr>
 *   <tr><td>MEM_READ</td><td>addr, enable or -1</td><td>w = memory width; registered (synchronous)
 *       read, old data on a same-cycle write; out-of-range address reads 0</td><td>memory index</td></tr>
 *   <tr><td>INST_OUT</td><td>—</td><td>w = width of the child's output port</td><td>instance index</td></tr>
 * </table>
 */
public enum Op {
    INPUT,
    CONST,
    ADD,
    SUB,
    MUL,
    AND,
    OR,
    XOR,
    NOT,
    SHL,
    SHR,
    SRA,
    EQ,
    NE,
    LTU,
    LEU,
    LTS,
    LES,
    MUX,
    SLICE,
    CONCAT,
    ZEXT,
    SEXT,
    RED_AND,
    RED_OR,
    RED_XOR,
    ALIAS,
    REG,
    MEM_READ,
    INST_OUT;

    /** True for ops whose output is a pure function of this cycle's input values. */
    public boolean isCombinational() {
        return this != INPUT && this != CONST && this != REG && this != MEM_READ && this != INST_OUT;
    }

    /** True for ops whose output changes only at the clock edge. */
    public boolean isState() {
        return this == REG || this == MEM_READ;
    }

    /** Number of inputs, or -1 when variable (CONCAT). */
    public int arity() {
        return switch (this) {
            case INPUT, CONST, INST_OUT -> 0;
            case NOT, SLICE, ZEXT, SEXT, RED_AND, RED_OR, RED_XOR, ALIAS -> 1;
            case ADD, SUB, MUL, AND, OR, XOR, SHL, SHR, SRA, EQ, NE, LTU, LEU, LTS, LES, MEM_READ -> 2;
            case MUX, REG -> 3;
            case CONCAT -> -1;
        };
    }

    /** True when inputs {@code a} and {@code b} can be swapped without changing the result. */
    public boolean isCommutative() {
        return this == ADD || this == MUL || this == AND || this == OR || this == XOR || this == EQ || this == NE;
    }
}
