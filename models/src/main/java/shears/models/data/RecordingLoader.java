package shears.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import shears.models.io.ModelFormatException;
import shears.models.io.Npy;
import shears.rtl.util.InputFiles;

/**
 * Users' recordings: {@code .npy} of shape [channels, samples] (any numeric dtype), or CSV with one
 * row per sample and one column per channel (an optional non-numeric header row is skipped; comma,
 * semicolon or whitespace separated). Values in microvolts.
 */
public final class RecordingLoader {
    private RecordingLoader() {}

    public static Recording load(Path file, double sampleRateHz) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy")) {
            Npy.Array a = Npy.read(file);
            if (a.shape().length != 2 || a.shape()[0] < 1 || a.shape()[1] < 1) {
                throw new ModelFormatException(file + ": expected shape (channels, samples), got " + a.shapeText());
            }
            double[][] s = new double[a.shape()[0]][a.shape()[1]];
            for (int c = 0; c < s.length; c++) {
                for (int i = 0; i < s[c].length; i++) {
                    double v = a.values()[c * s[c].length + i];
                    if (!Double.isFinite(v)) {
                        throw new ModelFormatException(file + ": non-finite sample at channel " + c + ", sample " + i);
                    }
                    s[c][i] = v;
                }
            }
            return new Recording(s, sampleRateHz);
        }
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return csv(file, sampleRateHz);
        }
        throw new ModelFormatException(file + ": unknown recording format (use .npy or .csv)");
    }

    private static Recording csv(Path file, double sampleRateHz) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("[,;\\s]+");
                double[] row = new double[parts.length];
                try {
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = Double.parseDouble(parts[i]);
                        if (!Double.isFinite(row[i])) {
                            throw new ModelFormatException(
                                    file + ":" + lineNo + ": non-finite sample '" + parts[i] + "'");
                        }
                    }
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && lineNo == firstContentLine(file)) {
                        continue; // header row
                    }
                    throw new ModelFormatException(file + ":" + lineNo + ": not a number in '" + t + "'");
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new ModelFormatException(file + ":" + lineNo + ": " + row.length
                            + " columns, earlier rows have " + rows.get(0).length);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, e);
        }
        if (rows.isEmpty()) {
            throw new ModelFormatException(file + ": no samples");
        }
        double[][] s = new double[rows.get(0).length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < s.length; c++) {
                s[c][i] = rows.get(i)[c];
            }
        }
        return new Recording(s, sampleRateHz);
    }

    private static int firstContentLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return i + 1;
            }
        }
        return -1;
    }
}
