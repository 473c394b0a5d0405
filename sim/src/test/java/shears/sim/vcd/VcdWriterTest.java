package shears.sim.vcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.Engine;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;

/** VCD structure: header, one scope per instance, value changes per cycle; identical for both engines. */
class VcdWriterTest {
    private static String vcd(Engine e, Netlist flat) {
        StringWriter w = new StringWriter();
        try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
            sim.traceTo(new VcdWriter(w, flat));
            sim.run(Stimulus.random(flat, 50, 3), null);
        }
        return w.toString();
    }

    @Test
    void hierarchicalScopesAndIdenticalAcrossEngines() {
        Netlist flat = PassPipeline.standard()
                .run(DesignCatalog.get("mac-array").build(Map.of("pes", "2")).netlist())
                .flatten();
        String a = vcd(Engine.INTERP, flat);
        String b = vcd(Engine.COMPILED, flat);
        assertEquals(a, b);
        assertTrue(
                a.startsWith("$version Shears $end\n$timescale 1ns $end\n$scope module mac_array $end\n"),
                a.substring(0, 100));
        assertTrue(a.contains("$scope module u_pe0 $end"));
        assertTrue(a.contains("$scope module u_pe1 $end"));
        assertTrue(a.contains(" acc_q [20:0] $end"));
        assertTrue(a.contains("$enddefinitions $end"));
        assertTrue(a.contains("#490\n"), "50 cycles at 10 time units each");
        long scopes = a.lines().filter(l -> l.startsWith("$scope")).count();
        long upscopes = a.lines().filter(l -> l.startsWith("$upscope")).count();
        assertEquals(scopes, upscopes);
    }
}
