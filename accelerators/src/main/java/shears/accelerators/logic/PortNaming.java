package shears.accelerators.logic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shears.rtl.ir.Identifiers;

/**
 * Maps netlist bit names to Verilog ports: names {@code base[i]} whose indices are exactly 0..n-1
 * become one n-bit bus {@code base}; every other name becomes a 1-bit port with illegal characters
 * replaced by '_' (made unique, keywords suffixed).
 */
final class PortNaming {
    private static final Pattern BIT = Pattern.compile("(.+)\\[(\\d+)]");

    /** A port and, per bit (LSB first), the index of the netlist signal it carries. */
    record Port(String name, List<Integer> bits) {}

    private PortNaming() {}

    static List<Port> group(List<String> names, Set<String> taken) {
        Map<String, Map<Integer, Integer>> buses = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Matcher m = BIT.matcher(names.get(i));
            String key = m.matches() ? m.group(1) : "\0" + names.get(i);
            buses.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .put(m.matches() ? Integer.parseInt(m.group(2)) : -1, i);
        }
        List<Port> ports = new ArrayList<>();
        for (var e : buses.entrySet()) {
            Map<Integer, Integer> bits = e.getValue();
            boolean bus = !e.getKey().startsWith("\0");
            for (int k = 0; bus && k < bits.size(); k++) {
                bus = bits.containsKey(k);
            }
            if (bus) {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < bits.size(); k++) {
                    order.add(bits.get(k));
                }
                ports.add(new Port(legal(e.getKey(), taken), order));
            } else {
                for (int idx : bits.values()) {
                    ports.add(new Port(legal(names.get(idx), taken), List.of(idx)));
                }
            }
        }
        return ports;
    }

    static String legal(String raw, Set<String> taken) {
        String s = raw.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "p" + s;
        }
        if (s.endsWith("_") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        if (Identifiers.problem(s) != null) {
            s = s + "_p";
        }
        String base = s;
        for (int k = 1; taken.contains(s); k++) {
            s = base + "_" + k;
        }
        taken.add(s);
        return s;
    }
}
