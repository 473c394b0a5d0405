package shears.reports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import shears.rtl.util.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One CSV row per grid point (Apache Commons CSV); also read back so runs can resume. */
public final class CsvReport {
    static final List<String> FIXED = List.of("strategy", "sparsity", "params", "cycles", "fmaxMhz", "fmaxIce40Mhz", "areaUm2", "lut4",
            "lut6", "ff", "dsp", "powerUw", "energyPerInferencePj", "storageBits", "indexBits");

    private CsvReport() {
    }

    public static String format(List<ComparisonRun.Row> rows) throws IOException {
        List<String> header = new ArrayList<>(FIXED);
        if (!rows.isEmpty()) {
            header.addAll(rows.get(0).result().accuracy().keySet());
            header.addAll(rows.get(0).result().yosysErrorsPct().keySet());
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0]))
                .setRecordSeparator("\n").get())) {
            for (ComparisonRun.Row r : rows) {
                PointResult x = r.result();
                List<Object> v = new ArrayList<>(List.of(r.point().strategy(), num(r.point().sparsity()), r.point().paramsText(),
                        x.cycles(), num(x.fmaxMhz()), num(x.fmaxIce40Mhz()), num(x.areaUm2()), x.lut4(), x.lut6(), x.ff(), x.dsp(), num(x.powerUw()),
                        num(x.energyPerInferencePj()), x.storageBits(), x.indexBits()));
                for (double a : x.accuracy().values()) {
                    v.add(num(a));
                }
                for (double a : x.yosysErrorsPct().values()) {
                    v.add(num(a));
                }
                p.printRecord(v);
            }
        }
        return out.toString();
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6g", d);
    }

    public static void write(Path csv, List<ComparisonRun.Row> rows) throws IOException {
        AtomicFiles.write(csv, format(rows));
    }

    public static List<ComparisonRun.Row> read(Path csv) throws IOException {
        List<ComparisonRun.Row> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            List<String> header = parser.getHeaderNames();
            if (!header.containsAll(FIXED)) {
                List<String> missing = new ArrayList<>(FIXED);
                missing.removeAll(header);
                throw new IllegalStateException("no column " + String.join(", ", missing)
                        + " (a CSV from an older Shears cannot be resumed: choose another --out)");
            }
            for (CSVRecord r : parser) {
                Map<String, Integer> params = new LinkedHashMap<>();
                String pt = r.get("params");
                if (!pt.isEmpty()) {
                    for (String kv : pt.split(";")) {
                        String[] parts = kv.split("=");
                        params.put(parts[0], Integer.parseInt(parts[1]));
                    }
                }
                Map<String, Double> acc = new LinkedHashMap<>();
                Map<String, Double> yosys = new LinkedHashMap<>();
                for (String h : header.subList(FIXED.size(), header.size())) {
                    (h.startsWith("yosys") ? yosys : acc).put(h, Double.parseDouble(r.get(h)));
                }
                ComparisonRun.Point p = new ComparisonRun.Point(r.get("strategy"), Double.parseDouble(r.get("sparsity")), params);
                rows.add(new ComparisonRun.Row(p, new PointResult(Long.parseLong(r.get("cycles")), Double.parseDouble(r.get("fmaxMhz")),
                        Double.parseDouble(r.get("fmaxIce40Mhz")),
                        Double.parseDouble(r.get("areaUm2")), Integer.parseInt(r.get("lut4")), Integer.parseInt(r.get("lut6")),
                        Integer.parseInt(r.get("ff")), Integer.parseInt(r.get("dsp")), Double.parseDouble(r.get("powerUw")),
                        Double.parseDouble(r.get("energyPerInferencePj")), Long.parseLong(r.get("storageBits")),
                        Long.parseLong(r.get("indexBits")), acc, yosys)));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(csv + ": not a Shears comparison CSV (" + e.getMessage() + ")", e);
        }
        return rows;
    }
}
