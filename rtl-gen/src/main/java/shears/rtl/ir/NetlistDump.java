package shears.rtl.ir;

/**
 * The compact, deterministic text form of a netlist. One line per cell:
 * {@code %3 = add u9 %1 %2 "sum"}; then memories, instances and outputs. Golden tests compare it.
 */
final class NetlistDump {
    private NetlistDump() {}

    static String dump(Netlist nl) {
        StringBuilder sb = new StringBuilder();
        sb.append("top ").append(nl.topName()).append('\n');
        for (NetlistModule m : nl.modules()) {
            sb.append("module ")
                    .append(m.name())
                    .append(nl.needsClock(m.name()) ? " clocked" : "")
                    .append('\n');
            for (int i = 0; i < m.size(); i++) {
                Cell c = m.cell(i);
                sb.append("  %")
                        .append(i)
                        .append(" = ")
                        .append(c.op().name().toLowerCase())
                        .append(' ')
                        .append(c.signed() ? 's' : 'u')
                        .append(c.width());
                for (int k = 0; k < c.inputCount(); k++) {
                    sb.append(c.in(k) == Cell.NONE ? " -" : " %" + c.in(k));
                }
                if (c.op() == Op.SLICE || c.op() == Op.MEM_READ || c.op() == Op.INST_OUT) {
                    sb.append(" #").append(c.aux());
                }
                if (c.value() != null) {
                    sb.append(" 0x").append(c.value().toString(16));
                }
                if (c.name() != null) {
                    sb.append(" \"").append(c.name()).append('"');
                }
                sb.append('\n');
            }
            for (int k = 0; k < m.memories().size(); k++) {
                Memory mem = m.memories().get(k);
                sb.append("  mem #")
                        .append(k)
                        .append(' ')
                        .append(mem.name())
                        .append(" u")
                        .append(mem.width())
                        .append(" x")
                        .append(mem.depth());
                if (!mem.init().isEmpty()) {
                    sb.append(" init[")
                            .append(mem.init().size())
                            .append("] hash=")
                            .append(Integer.toHexString(mem.init().hashCode()));
                }
                if (mem.write() != null) {
                    sb.append(" write(en=%")
                            .append(mem.write().enable())
                            .append(" addr=%")
                            .append(mem.write().addr())
                            .append(" data=%")
                            .append(mem.write().data())
                            .append(')');
                }
                sb.append('\n');
            }
            for (int k = 0; k < m.instances().size(); k++) {
                Instance inst = m.instances().get(k);
                sb.append("  inst #")
                        .append(k)
                        .append(' ')
                        .append(inst.name())
                        .append(" : ")
                        .append(inst.module())
                        .append(" (");
                inst.inputs()
                        .forEach(c ->
                                sb.append(' ').append(c.port()).append("=%").append(c.net()));
                sb.append(" ) -> (");
                inst.outputs()
                        .forEach(c ->
                                sb.append(' ').append(c.port()).append("=%").append(c.net()));
                sb.append(" )\n");
            }
            for (OutputPort o : m.outputs()) {
                sb.append("  output ")
                        .append(o.name())
                        .append(" = %")
                        .append(o.net())
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
