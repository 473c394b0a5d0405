package shears.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {
    @Test
    void roundTripsEveryWrittenType() {
        Npy.Array signed = new Npy.Array(new int[] {2, 3}, new double[] {1, -2, 3, 127, -128, 0});
        Npy.Array unsigned = new Npy.Array(new int[] {2, 3}, new double[] {1, 2, 3, 127, 255, 0});
        int types = 0;
        for (Npy.Type t : Npy.Type.values()) {
            Npy.Array a = t == Npy.Type.UINT8 || t == Npy.Type.UINT16 ? unsigned : signed;
            Npy.Array back = Npy.parse(Npy.encode(a, t), "x.npy");
            assertArrayEquals(a.shape(), back.shape(), t.name());
            assertArrayEquals(a.values(), back.values(), t.name());
            types++;
        }
        org.junit.jupiter.api.Assertions.assertEquals(5, types);
        Npy.Array a = signed;
        assertThrows(
                IllegalArgumentException.class, () -> Npy.encode(signed, Npy.Type.UINT16), "negative into unsigned");
        byte[] bytes = Npy.encode(a, Npy.Type.FLOAT64);
        assertTrue((bytes.length - 6 * 8) % 64 == 0, "header padded to 64 bytes as NumPy does");
    }

    @Test
    void readsNumpyWrittenFloat32BigEndianAndVersion2() {
        // header text exactly as numpy.save writes it, with a big-endian float32 payload
        String dict = "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }";
        byte[] header = (dict + " ".repeat(128 - 12 - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + header.length + 8);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(header.length);
        b.put(header);
        b.order(java.nio.ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-0.25f);
        assertArrayEquals(
                new double[] {1.5, -0.25}, Npy.parse(b.array(), "v2.npy").values());
    }

    @Test
    void malformedFilesGiveOneLineErrorsNamingTheFile() {
        byte[] good = Npy.encode(new Npy.Array(new int[] {4}, new double[] {1, 2, 3, 4}), Npy.Type.INT32);
        byte[] badMagic = good.clone();
        badMagic[1] = 'X';
        assertMessage(badMagic, "bad magic");
        assertMessage(Arrays.copyOf(good, good.length - 3), "truncated");
        assertMessage(Arrays.copyOf(good, 8), "bad magic");
        byte[] fortran = new String(good, StandardCharsets.ISO_8859_1)
                .replace("False", "True ")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertMessage(fortran, "Fortran");
        byte[] dtype = new String(good, StandardCharsets.ISO_8859_1)
                .replace("<i4", "<c8")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertMessage(dtype, "unsupported dtype");
    }

    private static void assertMessage(byte[] bytes, String part) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.parse(bytes, "w.npy"));
        assertTrue(
                e.getMessage().startsWith("w.npy: ")
                        && e.getMessage().contains(part)
                        && !e.getMessage().contains("\n"),
                e.getMessage());
    }
}
