package shears.testbench.verilator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.testing.ToolCheck;

class VerilatorBuildTest {
    @Test
    void buildsAreCachedByContent() throws Exception {
        ToolCheck.require("verilator");
        Netlist nl = DesignCatalog.get("counter").build(Map.of("width", "13")).netlist();
        Path first = VerilatorBuild.build(nl, false);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Path second = VerilatorBuild.build(
                DesignCatalog.get("counter").build(Map.of("width", "13")).netlist(), false);
        assertEquals(first, second, "same design, same cache entry");
        assertEquals(modified, Files.getLastModifiedTime(second).toMillis(), "not rebuilt");
        Path traced = VerilatorBuild.build(nl, true);
        assertTrue(!traced.equals(first), "flags are part of the key");
        Path other = VerilatorBuild.build(
                DesignCatalog.get("counter").build(Map.of("width", "14")).netlist(), false);
        assertTrue(!other.equals(first), "the Verilog is part of the key");
    }

    @Test
    void failureShowsTheRelevantLogLines() {
        String log = String.join(
                "\n",
                "make: Entering directory",
                "g++ -c foo.cpp",
                "noise",
                "noise",
                "%Error: top.v:3:5: syntax error, unexpected IDENTIFIER",
                "        3 | wire x",
                "noise",
                "make: *** [Vtop.mk:50: Vtop.o] Error 1");
        String r = VerilatorBuild.relevant(log);
        assertTrue(r.contains("%Error: top.v:3:5: syntax error"), r);
        assertTrue(r.contains("Error 1"), r);
        assertTrue(!r.contains("Entering directory"), r);
    }

    @Test
    void wrapperExposesTheFlatCApi() {
        Netlist nl = DesignCatalog.get("wide-alu").build(Map.of()).netlist().flatten();
        String cpp = WrapperGenerator.generate(nl, false);
        for (String fn : new String[] {
            "shears_create",
            "shears_free",
            "shears_set",
            "shears_get",
            "shears_eval",
            "shears_step",
            "shears_run",
            "shears_trace"
        }) {
            assertTrue(cpp.contains(fn + "("), fn);
        }
        assertTrue(cpp.contains("new VerilatedContext"), "each model has its own context");
        assertTrue(cpp.contains("t->a[4] = w[4];"), "130-bit ports move as 32-bit words");
    }
}
