package shears.accelerators.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.models.hsi.Preprocess;
import shears.rtl.estimate.Ice40PlaceRoute;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;

/** Per-stage iCE40 Fmax: the estimate for every stage, nextpnr for the stages asked for. */
class PipelineTimingTest {
    @Test
    void placesTheChosenStagesAndReportsTheSlowest() {
        ToolCheck.require("yosys");
        ToolCheck.require("nextpnr-ice40");
        HsiPipelineTest.Case c = HsiPipelineTest.build(
                8, 1, 4, 16, 8, new int[] {3, 12, 20, 6}, Preprocess.Norm.L1, Map.of(), Map.of(), false, 1);
        Netlist nl = PassPipeline.standard().run(HsiRtl.build(c.plan()).netlist());
        PipelineEstimate.Estimates e = PipelineEstimate.of(nl, 45, m -> {});
        assertEquals(nl.modules().size() - 1, e.ice40FmaxMhz().size(), "every stage module but the top");

        PipelineTiming.Result estimated = PipelineTiming.of(nl, e.ice40FmaxMhz(), m -> false, 1, 600, m -> {});
        assertTrue(Double.isNaN(estimated.nextpnrMhz()), "nothing placed");
        assertEquals(
                e.ice40FmaxMhz().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElseThrow(),
                estimated.estimateMhz());
        assertEquals(e.ice40FmaxMhz().get(estimated.limiting()), estimated.estimateMhz());

        PipelineTiming.Result placed = PipelineTiming.of(
                nl, e.ice40FmaxMhz(), m -> m.startsWith("hsi_pool_") || m.startsWith("hsi_fork_"), 1, 600, m -> {});
        int n = 0;
        for (Map.Entry<String, PipelineTiming.Stage> s : placed.stages().entrySet()) {
            boolean chosen = s.getKey().startsWith("hsi_pool_") || s.getKey().startsWith("hsi_fork_");
            if (chosen) {
                PipelineTiming.Stage st = s.getValue();
                assertNull(st.problem(), s.getKey());
                assertTrue(st.nextpnrMhz() > 10 && st.nextpnrMhz() < 1000, s.getKey() + ": " + st.nextpnrMhz());
                assertTrue(st.logicCells() > 0 && st.logicCells() <= Ice40PlaceRoute.HX8K_LOGIC_CELLS);
                n++;
            } else {
                assertTrue(Double.isNaN(s.getValue().nextpnrMhz()), s.getKey());
            }
        }
        assertEquals(2, n, "one pool and one fork placed");
        assertTrue(Double.isNaN(placed.nextpnrMhz()), "not every stage placed: no pipeline figure");
    }
}
