package shears.rtl.hdl;

/** Something a module can drive: an output port, a wire, or a register's next value. */
public sealed interface Target permits Output, Wire, Reg {
    String name();

    HdlType type();
}
