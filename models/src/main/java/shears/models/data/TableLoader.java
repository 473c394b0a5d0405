package shears.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import shears.models.io.ModelFormatException;

/**
 * Classification tables from CSV: the scikit-learn bundled format (first line
 * {@code samples,features,class names...}, then feature columns and an integer label), headerless
 * numeric CSV with the label last ({@code digits.csv.gz}), or a generic CSV with an optional header
 * row and the label (any text) in the last column. {@code .gz} files are decompressed.
 */
public final class TableLoader {
    private TableLoader() {}

    /** Data sets {@code shears data fetch} places in the cache: breast_cancer, digits, iris. */
    public static final List<String> SKLEARN = List.of("breast_cancer", "digits", "iris");

    public static Table sklearn(Path cacheDir, String name) {
        Path f = switch (name) {
            case "breast_cancer" -> cacheDir.resolve("breast_cancer.csv");
            case "iris" -> cacheDir.resolve("iris.csv");
            case "digits" -> cacheDir.resolve("digits.csv.gz");
            default ->
                throw new IllegalArgumentException(
                        "unknown data set '" + name + "' (known: " + String.join(", ", SKLEARN) + ")");
        };
        if (!Files.isRegularFile(f)) {
            throw new ModelFormatException(f + ": not found; run 'shears data fetch' first");
        }
        return load(f, name);
    }

    public static Table load(Path file, String name) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                file.toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(file))
                        : Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    rows.add(t.split("\\s*[,;]\\s*|\\s+"));
                    lineNos.add(n);
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (rows.size() < 2) {
            throw new ModelFormatException(file + ": needs a header or data rows");
        }
        List<String> classNames = new ArrayList<>();
        int start = 0;
        String[] first = rows.get(0);
        boolean sklearnHeader = first.length >= 3 && isInt(first[0]) && isInt(first[1]) && !isNumber(first[2]);
        if (sklearnHeader) {
            classNames.addAll(List.of(first).subList(2, first.length));
            start = 1;
        } else if (!isNumber(first[0])) {
            start = 1; // generic header row
        }
        Map<String, Integer> labelIds = new LinkedHashMap<>();
        int width = rows.get(start).length;
        double[][] f = new double[rows.size() - start][];
        int[] y = new int[rows.size() - start];
        for (int i = start; i < rows.size(); i++) {
            String[] row = rows.get(i);
            if (row.length != width) {
                throw new ModelFormatException(
                        file + ":" + lineNos.get(i) + ": " + row.length + " columns, expected " + width);
            }
            double[] x = new double[width - 1];
            for (int c = 0; c < width - 1; c++) {
                try {
                    x[c] = Double.parseDouble(row[c]);
                } catch (NumberFormatException e) {
                    throw new ModelFormatException(file + ":" + lineNos.get(i) + ": '" + row[c] + "' is not a number");
                }
                if (!Double.isFinite(x[c])) {
                    throw new ModelFormatException(file + ":" + lineNos.get(i) + ": non-finite value");
                }
            }
            String label = row[width - 1];
            if (sklearnHeader) {
                if (!isInt(label) || Integer.parseInt(label) < 0 || Integer.parseInt(label) >= classNames.size()) {
                    throw new ModelFormatException(
                            file + ":" + lineNos.get(i) + ": label '" + label + "' is not a class index");
                }
                y[i - start] = Integer.parseInt(label);
            } else {
                y[i - start] = labelIds.computeIfAbsent(label, k -> labelIds.size());
            }
            f[i - start] = x;
        }
        if (!sklearnHeader) {
            List<String> sorted = new ArrayList<>(labelIds.keySet());
            boolean numeric = sorted.stream().allMatch(TableLoader::isInt);
            if (numeric) { // integer labels keep their order: class k is label k's rank
                sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
                for (int i = 0; i < y.length; i++) {
                    y[i] = sorted.indexOf(rows.get(i + start)[width - 1]);
                }
            }
            classNames.addAll(numeric ? sorted : labelIds.keySet());
        }
        return new Table(name, f, y, classNames);
    }

    private static boolean isInt(String s) {
        return s.matches("-?\\d+");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
