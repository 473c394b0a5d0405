package shears.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;

/** The designs every engine test runs on: each built-in design at several parameter corners. */
final class Designs {
    private Designs() {}

    record Case(String design, Map<String, String> params) {
        Netlist netlist() {
            return PassPipeline.standard()
                    .run(DesignCatalog.get(design).build(params).netlist())
                    .flatten();
        }

        @Override
        public String toString() {
            return design + params;
        }
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("counter", Map.of()));
        c.add(new Case("counter", Map.of("width", "1")));
        c.add(new Case("counter", Map.of("width", "64")));
        c.add(new Case("counter", Map.of("width", "65")));
        c.add(new Case("fir", Map.of()));
        c.add(new Case("fir", Map.of("taps", "5", "width", "64", "coeffWidth", "32")));
        c.add(new Case("mac-array", Map.of()));
        c.add(new Case("mac-array", Map.of("pes", "3", "width", "16", "depth", "20")));
        c.add(new Case("wide-alu", Map.of()));
        c.add(new Case("wide-alu", Map.of("width", "64")));
        c.add(new Case("wide-alu", Map.of("width", "200")));
        c.add(new Case("random", Map.of("nodes", "300", "maxWidth", "64", "seed", "1")));
        c.add(new Case("random", Map.of("nodes", "300", "maxWidth", "200", "seed", "2")));
        return c;
    }
}
