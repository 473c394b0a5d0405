package shears.rtl.hdl;

import shears.rtl.ir.SourceLoc;

/** A module output port; must be driven on every path. May be read inside the module. */
public final class Output extends Signal implements Target {
    private final String name;

    Output(ModuleBuilder owner, String name, HdlType type, SourceLoc loc) {
        super(owner, type, loc);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "output '" + name + "'";
    }
}
