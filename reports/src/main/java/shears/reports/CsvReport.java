package shears.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import shears.rtl.util.AtomicFiles;

/** One CSV row per grid point (Apache Commons CSV), rebuilt from the run's journal. */
public final class CsvReport {
    static final List<String> FIXED = List.of(
            "strategy",
            "sparsity",
            "params",
            "cycles",
            "fmaxMhz",
            "fmaxIce40Mhz",
            "areaUm2",
            "lut4",
            "lut6",
            "ff",
            "dsp",
            "powerUw",
            "energyPerInferencePj",
            "storageBits",
            "indexBits");

    private CsvReport() {}

    public static String format(List<ComparisonRun.Row> rows) throws IOException {
        List<String> header = new ArrayList<>(FIXED);
        if (!rows.isEmpty()) {
            header.addAll(rows.get(0).result().accuracy().keySet());
            header.addAll(rows.get(0).result().yosysErrorsPct().keySet());
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(new String[0]))
                        .setRecordSeparator("\n")
                        .get())) {
            for (ComparisonRun.Row r : rows) {
                PointResult x = r.result();
                List<Object> v = new ArrayList<>(List.of(
                        r.point().strategy(),
                        num(r.point().sparsity()),
                        r.point().paramsText(),
                        x.cycles(),
                        num(x.fmaxMhz()),
                        num(x.fmaxIce40Mhz()),
                        num(x.areaUm2()),
                        x.lut4(),
                        x.lut6(),
                        x.ff(),
                        x.dsp(),
                        num(x.powerUw()),
                        num(x.energyPerInferencePj()),
                        x.storageBits(),
                        x.indexBits()));
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
}
