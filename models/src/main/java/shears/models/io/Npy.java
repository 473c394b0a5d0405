package shears.models.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shears.rtl.util.InputFiles;

/**
 * NumPy .npy files (format versions 1.0-3.0, C order). Reads bool, int8/16/32/64, uint8/16/32 and
 * float32/64 in either byte order; writes float64 ({@code <f8}), int32 ({@code <i4}) and int8
 * ({@code |i1}). Values are carried as doubles, exact for every integer type read except int64
 * beyond 2^53 (rejected).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** An array: {@code shape} (empty for a scalar) and values in C order. */
    public record Array(int[] shape, double[] values) {
        public Array {
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension");
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape holds " + n + " values, got " + values.length);
            }
        }

        public String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    public enum Type {
        FLOAT64("<f8", 8),
        INT32("<i4", 4),
        INT8("|i1", 1),
        UINT16("<u2", 2),
        UINT8("|u1", 1);

        final String descr;
        final int bytes;

        Type(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }
    }

    private Npy() {}

    public static Array read(Path file) {
        return parse(InputFiles.bytes(file), file.toString());
    }

    static Array parse(byte[] bytes, String name) {
        if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new ModelFormatException(name + ": not a .npy file (bad magic)");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ModelFormatException(name + ": truncated header");
            }
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new ModelFormatException(name + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || start + headerLen > bytes.length) {
            throw new ModelFormatException(name + ": truncated header");
        }
        String header =
                new String(bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new ModelFormatException(name + ": malformed header " + header.strip());
        }
        if (f.group(1).equals("True")) {
            throw new ModelFormatException(
                    name + ": Fortran-ordered arrays are not supported; save with numpy.ascontiguousarray");
        }
        int[] shape = parseShape(s.group(1), name);
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!java.util.List.of("f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "b1")
                .contains(kind + d.group(3))) {
            throw new ModelFormatException(name + ": unsupported dtype '" + d.group(1) + kind + size + "'");
        }
        int dataStart = start + headerLen;
        if (count > Integer.MAX_VALUE || (long) dataStart + count * size != bytes.length) {
            throw new ModelFormatException(name + ": data holds " + (bytes.length - dataStart) + " bytes, shape "
                    + java.util.Arrays.toString(shape) + " of " + size + "-byte values needs " + count * size
                    + " (truncated or wrong shape)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart)
                .slice()
                .order(order);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = element(data, i * size, kind, size, name);
        }
        return new Array(shape, values);
    }

    private static double element(ByteBuffer data, int at, char kind, int size, String name) {
        switch (kind) {
            case 'f':
                if (size == 4) {
                    return data.getFloat(at);
                }
                if (size == 8) {
                    return data.getDouble(at);
                }
                break;
            case 'i':
                if (size == 1) {
                    return data.get(at);
                }
                if (size == 2) {
                    return data.getShort(at);
                }
                if (size == 4) {
                    return data.getInt(at);
                }
                if (size == 8) {
                    long v = data.getLong(at);
                    if (Math.abs(v) > 1L << 53) {
                        throw new ModelFormatException(name + ": int64 value " + v + " is not exact as a double");
                    }
                    return v;
                }
                break;
            case 'u':
                if (size == 1) {
                    return data.get(at) & 0xFF;
                }
                if (size == 2) {
                    return data.getShort(at) & 0xFFFF;
                }
                if (size == 4) {
                    return data.getInt(at) & 0xFFFFFFFFL;
                }
                break;
            case 'b':
                if (size == 1) {
                    return data.get(at) != 0 ? 1 : 0;
                }
                break;
            default:
                break;
        }
        throw new ModelFormatException(name + ": unsupported dtype '" + kind + size + "'");
    }

    private static int[] parseShape(String text, String name) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new ModelFormatException(name + ": bad shape entry '" + p + "'");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The file's bytes for {@code array} stored as {@code type} (integer types must hold integers in range). */
    public static byte[] encode(Array array, Type type) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < array.shape().length; i++) {
            shape.append(i > 0 ? ", " : "").append(array.shape()[i]);
        }
        shape.append(array.shape().length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + array.values().length * type.bytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : array.values()) {
            switch (type) {
                case FLOAT64 -> buf.putDouble(v);
                case INT32 -> buf.putInt(checkedInt(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case INT8 -> buf.put((byte) checkedInt(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT16 -> buf.putShort((short) checkedInt(v, 0, 0xFFFF));
                case UINT8 -> buf.put((byte) checkedInt(v, 0, 0xFF));
                default -> throw new IllegalStateException();
            }
        }
        return buf.array();
    }

    private static int checkedInt(double v, int lo, int hi) {
        if (v != Math.rint(v) || v < lo || v > hi) {
            throw new IllegalArgumentException("value " + v + " does not fit the integer type");
        }
        return (int) v;
    }
}
