package shears.rtl.hdl;

import shears.rtl.ir.SourceLoc;

/** A module input port. Cannot be driven from inside the module. */
public final class Input extends Signal {
    private final String name;

    Input(ModuleBuilder owner, String name, HdlType type, SourceLoc loc) {
        super(owner, type, loc);
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "input '" + name + "'";
    }
}
