package shears.models.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import shears.models.onnx.proto.Onnx.TensorProto;

/**
 * A constant tensor: dimensions (empty for a scalar) and values in C order, carried as doubles
 * (exact for float32, float16 and every integer type read up to 2^53; larger int64 values, which
 * ONNX uses as "to the end" markers, are carried rounded). {@code type} is the ONNX element type.
 */
public record OnnxTensor(String name, ElementType type, int[] dims, double[] values) {
    public OnnxTensor {
        dims = dims.clone();
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new OnnxException("tensor '" + name + "': negative dimension in " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new OnnxException("tensor '" + name + "': dimensions " + Arrays.toString(dims) + " hold " + n
                    + " values, the data has " + values.length);
        }
    }

    /** ONNX element types Shears reads, with their TensorProto.DataType numbers and byte widths. */
    public enum ElementType {
        FLOAT(1, 4),
        UINT8(2, 1),
        INT8(3, 1),
        UINT16(4, 2),
        INT16(5, 2),
        INT32(6, 4),
        INT64(7, 8),
        BOOL(9, 1),
        FLOAT16(10, 2),
        DOUBLE(11, 8),
        UINT32(12, 4),
        UINT64(13, 8);

        final int code;
        final int bytes;

        ElementType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        public int code() {
            return code;
        }

        public boolean isFloat() {
            return this == FLOAT || this == FLOAT16 || this == DOUBLE;
        }

        static ElementType of(int code, String what) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new OnnxException(what + ": element type " + code
                    + " is not supported (float, float16, double and integer types are)");
        }
    }

    public int size() {
        return values.length;
    }

    public int rank() {
        return dims.length;
    }

    /** The single value of a scalar or one-element tensor. */
    public double scalar(String what) {
        if (values.length != 1) {
            throw new OnnxException(what + " must be a single value, got dimensions " + Arrays.toString(dims));
        }
        return values[0];
    }

    public long[] longs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    public static OnnxTensor of(String name, double[] values, int... dims) {
        return new OnnxTensor(name, ElementType.FLOAT, dims, values);
    }

    /**
     * Decodes a TensorProto: {@code raw_data} (little-endian, as the ONNX IR defines it, whatever the
     * host's order) or the typed repeated fields. External data is refused: Shears reads one file.
     */
    static OnnxTensor decode(TensorProto t, String what) {
        String label = what + " '" + t.getName() + "'";
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxException(
                    label + ": external data is not supported; save the model with its weights inside the file");
        }
        if (t.hasSegment()) {
            throw new OnnxException(label + ": segmented tensors are not supported");
        }
        ElementType type = ElementType.of(t.getDataType(), label);
        int[] dims = new int[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxException(label + ": dimension " + d + " out of range");
            }
            dims[i] = (int) d;
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new OnnxException(label + ": " + n + " values is too many");
        }
        double[] values = t.hasRawData() ? raw(t.getRawData(), type, (int) n, label) : typed(t, type);
        if (values.length != n) {
            throw new OnnxException(label + ": dimensions " + Arrays.toString(dims) + " hold " + n
                    + " values, the data has " + values.length);
        }
        return new OnnxTensor(t.getName(), type, dims, values);
    }

    private static double[] raw(ByteString bytes, ElementType type, int n, String label) {
        if (bytes.size() != (long) n * type.bytes) {
            throw new OnnxException(label + ": raw data has " + bytes.size() + " bytes, " + n + " " + type
                    + " values need " + (long) n * type.bytes);
        }
        ByteBuffer b = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case FLOAT -> b.getFloat();
                case DOUBLE -> b.getDouble();
                case FLOAT16 -> half(b.getShort());
                case INT8 -> b.get();
                case UINT8, BOOL -> b.get() & 0xff;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT32 -> b.getInt();
                case UINT32 -> b.getInt() & 0xffffffffL;
                case INT64, UINT64 -> b.getLong();
            };
        }
        return v;
    }

    private static double[] typed(TensorProto t, ElementType type) {
        return switch (type) {
            case FLOAT -> {
                double[] v = new double[t.getFloatDataCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
                yield v;
            }
            case DOUBLE ->
                t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
            case INT64 -> t.getInt64DataList().stream().mapToDouble(x -> x).toArray();
            case UINT32, UINT64 ->
                t.getUint64DataList().stream().mapToDouble(x -> x).toArray();
            case FLOAT16 ->
                t.getInt32DataList().stream()
                        .mapToDouble(x -> half((short) (int) x))
                        .toArray();
            // int32_data carries the narrower integer types and bool, one value per entry
            default ->
                t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
        };
    }

    /** IEEE 754 binary16 to double (Float.float16ToFloat arrives only in Java 20). */
    static double half(short bits) {
        int sign = (bits >> 15) & 1;
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        double v;
        if (exponent == 0) {
            v = mantissa * 0x1p-24;
        } else if (exponent == 31) {
            v = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
        }
        return sign == 1 ? -v : v;
    }
}
