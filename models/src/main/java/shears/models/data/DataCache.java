package shears.models.data;

import java.nio.file.Path;

/** Where fetched data sets and cached trained models live: under {@code $SHEARS_CACHE}, else {@code ~/.cache/shears}. */
public final class DataCache {
    private DataCache() {}

    public static Path datasets() {
        return root().resolve("datasets");
    }

    /** Measured reflectance spectra (ECOSTRESS samples from Debian's python3-spectral): {@code <cache>/spectra}. */
    public static Path spectra() {
        return root().resolve("spectra");
    }

    /**
     * ONNX's backend test cases (Debian's libonnx-testdata: node, pytorch-converted, pytorch-operator
     * and simple directories, each case a model.onnx with reference inputs and outputs): {@code <cache>/onnx-testdata}.
     */
    public static Path onnxTests() {
        return root().resolve("onnx-testdata");
    }

    /** Trained models kept so that commands with the same settings do not retrain: {@code <cache>/models}. */
    public static Path models() {
        return root().resolve("models");
    }

    private static Path root() {
        String env = System.getenv("SHEARS_CACHE");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "shears");
    }

    /** A named data set as {train, test}: monk1..3 (generated), or breast_cancer / digits / iris (fetched) split 80/20 by the seed. */
    public static Table[] load(String name, long seed) {
        if (name.matches("monk[123]")) {
            return Monks.problem(name.charAt(4) - '0', seed);
        }
        if (TableLoader.SKLEARN.contains(name)) {
            return TableLoader.sklearn(datasets(), name).split(0.8, seed);
        }
        throw new IllegalArgumentException("unknown data set '" + name + "' (monk1, monk2, monk3, "
                + String.join(", ", TableLoader.SKLEARN) + ", or a .csv file)");
    }
}
