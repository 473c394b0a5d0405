package shears.models.hsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shears.models.io.ModelFormatException;

/**
 * ENVI cubes: a text header ({@code .hdr}) and a raw binary file beside it. Read: interleave BSQ, BIL
 * or BIP; data types 1 (uint8), 2 (int16), 3 (int32), 4 (float32), 5 (float64), 12 (uint16), 13
 * (uint32); either byte order; a header offset. Written: BIP, uint16 or float32, little endian.
 * A malformed header names the file, the line and the field.
 */
public final class Envi {
    private Envi() {}

    /** A cube read from disk: values as doubles in BIP order, with the header's wavelengths (nm) if any. */
    public record Cube(int width, int height, int bands, double[] values, double[] wavelengthsNm) {
        /** Rounded to integers, for the fixed-point pipeline. */
        public IntCube toIntCube() {
            int[] v = new int[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) Math.round(values[i]);
            }
            return new IntCube(width, height, bands, v);
        }
    }

    /** The header and the raw file of {@code cube} (uint16 values), named {@code stem.hdr} and {@code stem.raw}. */
    public static Map<String, byte[]> write(String stem, IntCube cube, double[] wavelengthsNm, String description) {
        ByteBuffer buf = ByteBuffer.allocate(cube.values().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : cube.values()) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("value " + v + " does not fit uint16");
            }
            buf.putShort((short) v);
        }
        StringBuilder h = new StringBuilder("ENVI\n");
        h.append("description = {").append(description).append("}\n");
        h.append("samples = ").append(cube.width()).append('\n');
        h.append("lines = ").append(cube.height()).append('\n');
        h.append("bands = ").append(cube.bands()).append('\n');
        h.append("header offset = 0\nfile type = ENVI Standard\ndata type = 12\ninterleave = bip\nbyte order = 0\n");
        if (wavelengthsNm != null) {
            h.append("wavelength units = Nanometers\nwavelength = {");
            for (int b = 0; b < wavelengthsNm.length; b++) {
                h.append(b == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", wavelengthsNm[b]));
            }
            h.append("}\n");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(stem + ".hdr", h.toString().getBytes(StandardCharsets.US_ASCII));
        files.put(stem + ".raw", buf.array());
        return files;
    }

    /** Reads the cube whose header is {@code hdr}; the data file is the header's name without {@code .hdr} plus .raw, .img, .dat or nothing. */
    public static Cube read(Path hdr) {
        Map<String, Field> f = header(hdr);
        int samples = positive(hdr, f, "samples");
        int lines = positive(hdr, f, "lines");
        int bands = positive(hdr, f, "bands");
        int offset = f.containsKey("header offset") ? integer(hdr, f.get("header offset")) : 0;
        Field dt = require(hdr, f, "data type");
        int type = integer(hdr, dt);
        int size = switch (type) {
            case 1 -> 1;
            case 2, 12 -> 2;
            case 3, 4, 13 -> 4;
            case 5 -> 8;
            default ->
                throw new ModelFormatException(hdr + ": line " + dt.line() + ": data type " + type
                        + " is not supported (1, 2, 3, 4, 5, 12 or 13)");
        };
        Field il = require(hdr, f, "interleave");
        String interleave = il.value().toLowerCase(Locale.ROOT);
        if (!List.of("bsq", "bil", "bip").contains(interleave)) {
            throw new ModelFormatException(
                    hdr + ": line " + il.line() + ": interleave '" + il.value() + "' is not bsq, bil or bip");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (f.containsKey("byte order")) {
            int bo = integer(hdr, f.get("byte order"));
            if (bo != 0 && bo != 1) {
                throw new ModelFormatException(
                        hdr + ": line " + f.get("byte order").line() + ": byte order must be 0 or 1, got " + bo);
            }
            order = bo == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
        double[] wl = f.containsKey("wavelength") ? numbers(hdr, f.get("wavelength")) : null;
        if (wl != null && wl.length != bands) {
            throw new ModelFormatException(hdr + ": line " + f.get("wavelength").line() + ": " + wl.length
                    + " wavelengths for " + bands + " bands");
        }
        Path data = dataFile(hdr);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(data);
        } catch (IOException e) {
            throw new ModelFormatException(data + ": cannot read (" + e.getMessage() + ")");
        }
        long need = (long) offset + (long) samples * lines * bands * size;
        if (bytes.length != need) {
            throw new ModelFormatException(
                    data + ": " + bytes.length + " bytes, the header (" + samples + " samples x " + lines + " lines x "
                            + bands + " bands x " + size + " bytes + offset " + offset + ") needs " + need);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, bytes.length - offset).order(order);
        double[] v = new double[samples * lines * bands];
        for (int i = 0; i < v.length; i++) {
            int x;
            int y;
            int b;
            switch (interleave) {
                case "bsq" -> {
                    b = i / (samples * lines);
                    y = i / samples % lines;
                    x = i % samples;
                }
                case "bil" -> {
                    y = i / (samples * bands);
                    b = i / samples % bands;
                    x = i % samples;
                }
                default -> {
                    y = i / (samples * bands);
                    x = i / bands % samples;
                    b = i % bands;
                }
            }
            v[(y * samples + x) * bands + b] = value(buf, type);
        }
        return new Cube(samples, lines, bands, v, wl);
    }

    private static double value(ByteBuffer buf, int type) {
        return switch (type) {
            case 1 -> buf.get() & 0xFF;
            case 2 -> buf.getShort();
            case 12 -> buf.getShort() & 0xFFFF;
            case 3 -> buf.getInt();
            case 13 -> buf.getInt() & 0xFFFFFFFFL;
            case 4 -> buf.getFloat();
            default -> buf.getDouble();
        };
    }

    private static Path dataFile(Path hdr) {
        String name = hdr.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".hdr") ? name.substring(0, name.length() - 4) : name;
        for (String ext : new String[] {".raw", ".img", ".dat", ".bsq", ".bil", ".bip", ""}) {
            Path p = hdr.resolveSibling(stem + ext);
            if (Files.isRegularFile(p) && !p.equals(hdr)) {
                return p;
            }
        }
        throw new ModelFormatException(hdr + ": no data file beside it (" + stem + ".raw, .img, .dat or " + stem + ")");
    }

    private record Field(String value, int line) {}

    /** Header fields by lower-case name; values in braces may span lines. */
    private static Map<String, Field> header(Path hdr) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hdr, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ModelFormatException(hdr + ": cannot read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals("ENVI")) {
            throw new ModelFormatException(hdr + ": line 1: not an ENVI header (must start with 'ENVI')");
        }
        Map<String, Field> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.strip().startsWith(";")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw new ModelFormatException(
                        hdr + ": line " + (i + 1) + ": expected 'name = value', got '" + l.strip() + "'");
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder(l.substring(eq + 1).strip());
            int start = i;
            if (value.toString().startsWith("{")) {
                while (value.indexOf("}") < 0) {
                    if (++i >= lines.size()) {
                        throw new ModelFormatException(
                                hdr + ": line " + (start + 1) + ": field '" + key + "' has no closing '}'");
                    }
                    value.append(' ').append(lines.get(i).strip());
                }
            }
            out.put(key, new Field(value.toString(), start + 1));
        }
        return out;
    }

    private static Field require(Path hdr, Map<String, Field> f, String key) {
        Field v = f.get(key);
        if (v == null) {
            throw new ModelFormatException(hdr + ": field '" + key + "' is missing");
        }
        return v;
    }

    private static int positive(Path hdr, Map<String, Field> f, String key) {
        Field v = require(hdr, f, key);
        int n = integer(hdr, v);
        if (n < 1) {
            throw new ModelFormatException(
                    hdr + ": line " + v.line() + ": field '" + key + "' must be positive, got " + n);
        }
        return n;
    }

    private static int integer(Path hdr, Field v) {
        try {
            return Integer.parseInt(v.value().strip());
        } catch (NumberFormatException e) {
            throw new ModelFormatException(hdr + ": line " + v.line() + ": '" + v.value() + "' is not an integer");
        }
    }

    private static double[] numbers(Path hdr, Field v) {
        String s = v.value().strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new ModelFormatException(hdr + ": line " + v.line() + ": a list must be in braces");
        }
        List<Double> out = new ArrayList<>();
        for (String part : s.substring(1, s.length() - 1).split(",")) {
            try {
                out.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new ModelFormatException(hdr + ": line " + v.line() + ": '" + part.strip() + "' is not a number");
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
