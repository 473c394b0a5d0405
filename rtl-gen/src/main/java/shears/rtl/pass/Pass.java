package shears.rtl.pass;

import shears.rtl.ir.Netlist;

/** One netlist-to-netlist transformation. Passes never change the function seen at the ports. */
public interface Pass {
    String name();

    Netlist run(Netlist in);
}
