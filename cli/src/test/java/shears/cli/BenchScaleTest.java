package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code shears bench scale} on a small design: every stage timed, the cell counts and the heap reported (timings are not judged here). */
class BenchScaleTest {
    @Test
    void everyStageIsTimedAndTheCountsAdd() {
        MainTest.Run r = MainTest.run("bench", "scale", "--nodes", "300", "--cycles", "3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject stages = o.getAsJsonObject("stageSeconds");
        List<String> names = List.of("build", "passes", "emit", "flatten", "compiledStart", "simulate");
        assertEquals(names, List.copyOf(stages.keySet()));
        double sum = 0;
        for (String s : names) {
            assertTrue(stages.get(s).getAsDouble() >= 0, s);
            sum += stages.get(s).getAsDouble();
        }
        assertTrue(o.get("totalSeconds").getAsDouble() >= sum - 1e-6, "the total covers the stages");
        int lowered = o.get("cellsLowered").getAsInt();
        int after = o.get("cellsAfterPasses").getAsInt();
        assertTrue(
                lowered > 300 && after > 0 && after <= lowered, lowered + " lowered, " + after + " after the passes");
        assertTrue(o.get("verilogBytes").getAsLong() > 1000);
        assertTrue(o.get("peakHeapMiB").getAsLong() > 0
                && o.get("peakHeapMiB").getAsLong() <= o.get("maxHeapMiB").getAsLong());
    }
}
