package shears.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.Pass;
import shears.rtl.pass.PassPipeline;

/** Every pass, alone and in the pipeline, and flattening, preserve what the outputs do cycle by cycle. */
class PassEquivalenceTest {
    private static String digest(Netlist nl, Stimulus stim) {
        try (Simulator sim = Engine.INTERP.create(nl, SimOptions.DEFAULT)) {
            OutputDigest d = new OutputDigest();
            sim.run(stim, d);
            return d.hex();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"counter", "fir", "mac-array", "wide-alu", "random"})
    void passesPreserveBehaviour(String design) {
        Netlist raw = DesignCatalog.get(design).build(Map.of()).netlist();
        Stimulus stim = Stimulus.random(raw.flatten(), 3000, 11, 0.01);
        String expected = digest(raw, stim);
        int checked = 0;
        for (Pass p : PassPipeline.standard().passes()) {
            assertEquals(expected, digest(p.run(raw), stim), p.name() + " on " + design);
            checked++;
        }
        assertEquals(expected, digest(PassPipeline.standard().run(raw), stim), "standard pipeline");
        assertEquals(3, checked);
    }
}
