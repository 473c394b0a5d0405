package shears.rtl.ir;

/** A module output: its name and the net that drives it. */
public record OutputPort(String name, int net) {}
