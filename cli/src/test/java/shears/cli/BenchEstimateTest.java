package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.testing.ToolCheck;

/** {@code shears bench estimate}: one run gives the errors and both speed ratios from its own measurements. */
class BenchEstimateTest {
    @Test
    void comparesTheEstimateWithYosysInOneRun() {
        ToolCheck.require("yosys");
        MainTest.Run r = MainTest.run("bench", "estimate", "--design", "counter", "--design", "fir:taps=4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonArray rows = j.getAsJsonArray("results");
        assertEquals(2, rows.size());
        JsonObject counter = rows.get(0).getAsJsonObject();
        assertEquals("counter", counter.get("design").getAsString());
        assertEquals(300, counter.get("transistors").getAsLong(), "the estimate as shears estimate gives it");
        assertEquals(266, counter.get("yosysTransistors").getAsLong(), "Yosys 0.23's count (README table)");
        assertEquals(
                4,
                rows.get(1)
                        .getAsJsonObject()
                        .getAsJsonObject("params")
                        .get("taps")
                        .getAsInt());
        for (var e : rows) {
            JsonObject row = e.getAsJsonObject();
            assertTrue(
                    Math.abs(row.get("transistorsPct").getAsDouble()) <= BenchEstimate.TRANSISTOR_BOUND_PCT,
                    row.toString());
            assertTrue(Math.abs(row.get("lut4Pct").getAsDouble()) <= BenchEstimate.LUT_BOUND_PCT, row.toString());
            double first = row.get("firstCallSeconds").getAsDouble();
            double yosys = row.get("yosysSeconds").getAsDouble();
            assertTrue(first > 0 && yosys > 0, row.toString());
            assertEquals(
                    yosys / first,
                    row.get("speedupFirstCall").getAsDouble(),
                    1e-9 * yosys / first,
                    "the ratio is of the two times measured in this run");
        }
        JsonObject within = j.getAsJsonObject("withinBounds");
        assertEquals(2, within.get("designs").getAsInt());
        assertEquals(2, within.get("transistors").getAsInt());
    }

    /** The child JVM measures the first call the way the launcher runs {@code shears estimate}. */
    @Test
    void firstCallRunsWithTheLaunchersJitFlags() throws java.io.IOException {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("..", "shears"));
        for (String flag : BenchEstimate.ESTIMATE_JVM_FLAGS) {
            assertTrue(launcher.contains(flag), flag + " not in the shears launcher");
        }
        assertEquals(3, BenchEstimate.ESTIMATE_JVM_FLAGS.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nosuch", "fir:taps=x", "fir:taps=999", "fir:taps", "counter:width=8,width=9"})
    void badDesignGivesOneLineError(String design) {
        MainTest.Run r = MainTest.run("bench", "estimate", "--design", design);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("[")).count(), r.err());
        assertTrue(r.err().startsWith("shears: error: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
