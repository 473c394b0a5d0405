package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears search --flow logicnet}: the files a search writes, its knob, and a rerun served from its journal. */
class SearchCommandTest {
    @Test
    void logicNetSearchMeasuresPipeliningAndResumesFromItsJournal(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("s");
        String[] args = {
            "search",
            "--flow",
            "logicnet",
            "--budget",
            "6",
            "--population",
            "4",
            "--pipeline",
            "0,2",
            "--threads",
            "1",
            "--out",
            out.toString()
        };
        MainTest.Run r = MainTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("chosen design: ") && r.out().contains("pipeline="), r.out());
        List<String> grid = Files.readAllLines(out.resolve("grid.csv"));
        // two strategies x two pipelining choices x three grid sparsities, plus the header
        assertEquals(1 + 2 * 2 * 3, grid.size(), String.join("\n", grid));
        assertTrue(grid.get(0).contains("testAccuracy"), grid.get(0));
        assertTrue(grid.stream().skip(1).allMatch(l -> l.contains("pipeline=")), "the knob is a parameter");
        List<String> searched = Files.readAllLines(out.resolve("search.csv"));
        assertTrue(searched.size() - 1 >= 6, searched.size() - 1 + " designs searched");
        assertTrue(Files.readString(out.resolve("report.html")).contains("<th>pipeline</th>"));
        String front = Files.readString(out.resolve("front.csv"));

        MainTest.Run again = MainTest.run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(0 measured now"), "every design from the journal: " + again.out());
        assertEquals(front, Files.readString(out.resolve("front.csv")), "the same front");
    }
}
