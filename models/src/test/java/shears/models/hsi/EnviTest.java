package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.io.ModelFormatException;

class EnviTest {
    @Test
    void writtenCubesReadBackExactly(@TempDir Path dir) throws IOException {
        IntCube c = SyntheticCapture.of(2, 24, 16, SpectralLibrary.analytic()).reflectance();
        for (Map.Entry<String, byte[]> e :
                Envi.write("cube", c, Bands.centresNm(), "test").entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        Envi.Cube back = Envi.read(dir.resolve("cube.hdr"));
        assertArrayEquals(c.values(), back.toIntCube().values());
        assertArrayEquals(Bands.centresNm(), back.wavelengthsNm(), 0.005);
    }

    /** The same 3x2x2 cube in every interleave, type and byte order reads to the same values. */
    @Test
    void everyInterleaveTypeAndByteOrder(@TempDir Path dir) throws IOException {
        double[] bip = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // (y, x, b): 2 lines, 3 samples, 2 bands
        int cases = 0;
        for (String il : new String[] {"bsq", "bil", "bip"}) {
            for (int type : new int[] {1, 2, 4, 5, 12}) {
                for (int order : new int[] {0, 1}) {
                    write(dir, il, type, order, bip);
                    assertArrayEquals(
                            bip, Envi.read(dir.resolve("c.hdr")).values(), 0, il + " type " + type + " order " + order);
                    cases++;
                }
            }
        }
        assertEquals(30, cases);
    }

    private static void write(Path dir, String il, int type, int order, double[] bip) throws IOException {
        int size = switch (type) {
            case 1 -> 1;
            case 2, 12 -> 2;
            case 4 -> 4;
            default -> 8;
        };
        ByteBuffer b = ByteBuffer.allocate(16 + bip.length * size)
                .order(order == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.position(16);
        for (int i = 0; i < bip.length; i++) {
            int y;
            int x;
            int band;
            switch (il) {
                case "bsq" -> {
                    band = i / 6;
                    y = i / 3 % 2;
                    x = i % 3;
                }
                case "bil" -> {
                    y = i / 6;
                    band = i / 3 % 2;
                    x = i % 3;
                }
                default -> {
                    y = i / 6;
                    x = i / 2 % 3;
                    band = i % 2;
                }
            }
            double v = bip[(y * 3 + x) * 2 + band];
            switch (type) {
                case 1 -> b.put((byte) v);
                case 2, 12 -> b.putShort((short) v);
                case 4 -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        Files.write(dir.resolve("c.img"), b.array());
        Files.writeString(
                dir.resolve("c.hdr"),
                "ENVI\nsamples = 3\nlines = 2\nbands = 2\nheader offset = 16\ndata type = " + type + "\ninterleave = "
                        + il + "\nbyte order = " + order + "\nwavelength = {700.5,\n 800}\n");
    }

    @Test
    void malformedHeadersNameFileLineAndField(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("c.raw"), new byte[12]);
        String ok = "ENVI\nsamples = 3\nlines = 2\nbands = 1\ndata type = 12\ninterleave = bsq\n";
        check(dir, "samples = 3\n", "field 'lines' is missing", ok.replace("lines = 2\n", ""));
        check(dir, "", "line 5: data type 7 is not supported", ok.replace("data type = 12", "data type = 7"));
        check(dir, "", "line 6: interleave 'bxq'", ok.replace("= bsq", "= bxq"));
        check(dir, "", "line 2: 'three' is not an integer", ok.replace("samples = 3", "samples = three"));
        check(dir, "", "line 1: not an ENVI header", ok.replace("ENVI\n", "NOPE\n"));
        check(dir, "", "12 bytes, the header", ok.replace("bands = 1", "bands = 2"));
        check(dir, "", "3 wavelengths for 1 bands", ok + "wavelength = {1, 2, 3}\n");
    }

    private static void check(Path dir, String unused, String fragment, String header) throws IOException {
        Path hdr = Files.writeString(dir.resolve("c.hdr"), header);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Envi.read(hdr));
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().contains("c."), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
