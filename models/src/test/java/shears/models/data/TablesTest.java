package shears.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.io.ModelFormatException;

class TablesTest {
    @TempDir
    Path dir;

    @Test
    void monksFollowTheirRulesAndUciSizes() {
        int[] sizes = {124, 169, 122};
        int[] positivesOf432 = {216, 142, 228};
        for (int k = 1; k <= 3; k++) {
            Table[] t = Monks.problem(k, 1);
            assertEquals(sizes[k - 1], t[0].size());
            assertEquals(432, t[1].size());
            int pos = 0;
            for (int y : t[1].labels()) {
                pos += y;
            }
            assertEquals(positivesOf432[k - 1], pos, "MONK-" + k + " positives among all 432 combinations");
            assertEquals(17, t[0].featureCount());
        }
    }

    @Test
    void sklearnAndGenericCsvLoad() throws Exception {
        Path sk = dir.resolve("sk.csv");
        Files.writeString(sk, "3,2,neg,pos\n1.0,2.0,0\n3.0,4.0,1\n5,6,1\n");
        Table t = TableLoader.load(sk, "sk");
        assertEquals(2, t.classes());
        assertEquals("pos", t.classNames().get(1));
        Path g = dir.resolve("g.csv");
        Files.writeString(g, "a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n");
        Table u = TableLoader.load(g, "g");
        assertEquals(java.util.List.of("cat", "dog"), u.classNames());
        Files.writeString(g, "a,b,label\n1,2,cat\n3,x,dog\n");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TableLoader.load(g, "g"));
        assertTrue(e.getMessage().contains("g.csv:3:"), e.getMessage());
    }

    /** The fetched scikit-learn files (shears data fetch; required in CI, skipped elsewhere when absent). */
    @Test
    void fetchedDataSetsHaveTheirKnownShapes() {
        Path cache = DataCache.datasets();
        if (!Files.isRegularFile(cache.resolve("breast_cancer.csv"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "data sets missing in " + cache + ": the test command runs 'shears data fetch' first");
            }
            org.junit.jupiter.api.Assumptions.abort(
                    "run 'shears data fetch' to test the scikit-learn data sets (" + cache + ")");
        }
        Table bc = TableLoader.sklearn(cache, "breast_cancer");
        assertEquals(569, bc.size());
        assertEquals(30, bc.featureCount());
        Table digits = TableLoader.sklearn(cache, "digits");
        assertEquals(1797, digits.size());
        assertEquals(64, digits.featureCount());
        assertEquals(10, digits.classes());
        Table iris = TableLoader.sklearn(cache, "iris");
        assertEquals(150, iris.size());
        assertEquals(3, iris.classes());
    }
}
