package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.data.DataCache;

class SpectralLibraryTest {
    @Test
    void ecostressFilesAreReadAndInterpolated(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(
                dir.resolve("x.txt"),
                "Name: test\nX Units: Wavelength (micrometers)\n\n 0.5000\t10.0\n 1.0000\t30.0\n 1.2000\t40.0\n");
        var s = SpectralLibrary.readEcostress(f);
        assertEquals(0.2, s.applyAsDouble(750), 1e-12);
        assertEquals(0.1, s.applyAsDouble(500), 1e-12);
        Files.writeString(f, "Name: test\n 0.5\t10\n 0.7\tten\n 1.2\t4\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpectralLibrary.readEcostress(f));
        assertTrue(e.getMessage().contains("x.txt: line 3"), e.getMessage());
    }

    /** The measured spectra fetched from Debian's python3-spectral (required in CI, skipped elsewhere when absent). */
    @Test
    void fetchedEcostressSpectraLookLikeTheirMaterials() {
        Path dir = DataCache.spectra();
        if (!SpectralLibrary.ECOSTRESS.keySet().stream().allMatch(n -> Files.isRegularFile(dir.resolve(n)))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "ECOSTRESS spectra missing in " + dir + ": the test command runs 'shears data fetch' first");
            }
            org.junit.jupiter.api.Assumptions.abort(
                    "run 'shears data fetch' to test the ECOSTRESS spectra (" + dir + ")");
        }
        SpectralLibrary lib = SpectralLibrary.withEcostress(dir);
        assertTrue(
                lib.reflectance(Material.LEAF, 850) > 4 * lib.reflectance(Material.LEAF, 680), "the leaf's red edge");
        double c = lib.reflectance(Material.CONCRETE, 800);
        assertTrue(c > 0.1 && c < 0.6, "concrete " + c);
        assertEquals(
                Material.ASPHALT.reflectance(800),
                lib.reflectance(Material.ASPHALT, 800),
                0,
                "the others stay analytic");
    }
}
