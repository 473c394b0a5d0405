package shears.sim.compiled;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads the bytecode length of every method in a class file (JVMS chapter 4), so the compiled
 * engine can check that no generated method exceeds HotSpot's limit for JIT compilation: such a
 * method would run interpreted, tens of times slower. The JDK 17 has no public class-file API and
 * this needs only the constant pool's strings and the {@code Code} attributes' lengths, so it is
 * read here rather than through a bytecode library.
 */
final class MethodSizes {
    /** HotSpot's {@code HugeMethodLimit}: longer methods are never JIT-compiled. */
    static final int HUGE_METHOD_BYTES = 8000;

    private MethodSizes() {}

    /** The longest method's bytecode length in bytes, 0 for a class without code. */
    static int largest(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            String[] utf8 = constantPoolStrings(in);
            in.skipBytes(6); // access flags, this class, super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            for (int f = in.readUnsignedShort(); f > 0; f--) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            int largest = 0;
            for (int m = in.readUnsignedShort(); m > 0; m--) {
                in.skipBytes(6);
                for (int a = in.readUnsignedShort(); a > 0; a--) {
                    String name = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if ("Code".equals(name)) {
                        in.skipBytes(4); // max stack, max locals
                        int code = in.readInt();
                        largest = Math.max(largest, code);
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
            return largest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 entries of the constant pool by index; other entries are skipped. */
    private static String[] constantPoolStrings(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // longs and doubles take two entries
                }
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        for (int a = in.readUnsignedShort(); a > 0; a--) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
