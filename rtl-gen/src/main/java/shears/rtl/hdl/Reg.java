package shears.rtl.hdl;

import java.math.BigInteger;
import shears.rtl.ir.SourceLoc;

/**
 * A register on the module clock. Reading it gives the current value; {@code set} in the builder
 * gives the next value (it holds when no assignment fires). Optional synchronous reset value (on the
 * module's {@code rst} input) and optional enable.
 */
public final class Reg extends Signal implements Target {
    private final String name;
    final BigInteger resetValue;
    final Signal reset;
    Signal enable;
    SourceLoc enableLoc;

    Reg(ModuleBuilder owner, String name, HdlType type, BigInteger resetValue, Signal reset, SourceLoc loc) {
        super(owner, type, loc);
        this.name = name;
        this.resetValue = resetValue;
        this.reset = reset;
    }

    /** Adds a clock enable: the register updates only in cycles where {@code en} is 1. */
    public Reg enable(Signal en) {
        sameOwner(en);
        if (en.width() != 1) {
            throw new DesignException(
                    "enable of register '" + name + "' must be 1 bit, " + en.describe() + " is " + en.type(),
                    Locations.caller());
        }
        if (enable != null) {
            throw new DesignException(
                    "register '" + name + "' already has an enable (set at " + enableLoc + ")",
                    Locations.caller(),
                    enableLoc);
        }
        enable = en;
        enableLoc = Locations.caller();
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "register '" + name + "'";
    }
}
