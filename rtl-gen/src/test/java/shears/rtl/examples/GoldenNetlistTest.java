package shears.rtl.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.Golden;

/** The lowered and optimised netlist of each built-in design, and one emitted file, against golden text. */
class GoldenNetlistTest {
    private static final Path DIR = Path.of("src/test/resources/golden");

    static Map<String, String> params(String spec) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!spec.isBlank()) {
            for (String kv : spec.split(";")) {
                String[] parts = kv.split("=");
                p.put(parts[0], parts[1]);
            }
        }
        return p;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "counter, ''",
        "fir, taps=4",
        "mac-array, pes=2;depth=4",
        "wide-alu, width=70",
        "random, nodes=30;maxWidth=16",
    })
    void loweredAndOptimisedDumpsMatchGolden(String design, String paramSpec) throws IOException {
        Netlist raw = DesignCatalog.get(design).build(params(paramSpec)).netlist();
        Golden.check(DIR.resolve(design + ".lowered.netlist"), raw.verify().dump());
        Netlist opt = PassPipeline.standard().run(raw).verify();
        Golden.check(DIR.resolve(design + ".netlist"), opt.dump());
        Golden.check(
                DIR.resolve(design + ".flat.netlist"), opt.flatten().verify().dump());
    }

    @Test
    void emittedCounterMatchesGolden() throws IOException {
        Netlist nl = PassPipeline.standard()
                .run(DesignCatalog.get("counter").build(Map.of()).netlist());
        Golden.check(DIR.resolve("counter.v"), VerilogEmitter.emit(nl).get("counter.v"));
    }
}
