package shears.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import shears.models.data.DataCache;
import shears.rtl.util.ExternalTools;

/** {@code shears data}: data sets that are not generated. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Data sets.",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    /** Files taken from a Debian package: its name, the directory inside it, the files, where they go. */
    record Source(String debian, Path inside, List<String> files, Path cache) {}

    /**
     * The scikit-learn tables (sklearn/datasets/data/), the ECOSTRESS spectra
     * (spectral/tests/data/ecostress/) and ONNX's backend test cases (libonnx-testdata/data/; its
     * entries are directories, copied whole).
     */
    static List<Source> sources() {
        return List.of(
                new Source(
                        "python3-sklearn",
                        Path.of("sklearn", "datasets", "data"),
                        List.of("breast_cancer.csv", "digits.csv.gz", "iris.csv"),
                        DataCache.datasets()),
                new Source(
                        "python3-spectral",
                        Path.of("spectral", "tests", "data", "ecostress"),
                        new java.util.ArrayList<>(
                                new java.util.TreeSet<>(shears.models.hsi.SpectralLibrary.ECOSTRESS.keySet())),
                        DataCache.spectra()),
                new Source(
                        "libonnx-testdata",
                        Path.of("libonnx-testdata", "data"),
                        List.of("node", "pytorch-converted", "pytorch-operator", "simple"),
                        DataCache.onnxTests()));
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description =
                    "Fetch breast_cancer, digits and iris from Debian's python3-sklearn, three ECOSTRESS reflectance spectra "
                            + "from python3-spectral and ONNX's backend test cases from libonnx-testdata (apt-get download + dpkg -x, no Python) "
                            + "into the cache.")
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            var out = spec.commandLine().getOut();
            for (Source src : sources()) {
                if (src.files().stream().allMatch(f -> Files.exists(src.cache().resolve(f)))) {
                    out.println(src.debian() + ": already in " + src.cache());
                    continue;
                }
                fetch(src, out);
            }
            return 0;
        }

        private static void fetch(Source src, java.io.PrintWriter out) throws IOException {
            if (!ExternalTools.available("apt-get") || !ExternalTools.available("dpkg")) {
                throw new UserException("data fetch needs apt-get and dpkg (Debian) to download " + src.debian());
            }
            Path tmp = Files.createTempDirectory("shears-fetch");
            try {
                ExternalTools.Result dl = ExternalTools.run(List.of("apt-get", "download", src.debian()), tmp, 600);
                if (dl.exitCode() != 0
                        && "root".equals(System.getProperty("user.name"))) { // stale package lists: refresh once
                    ExternalTools.run(List.of("apt-get", "update", "-qq"), tmp, 600);
                    dl = ExternalTools.run(List.of("apt-get", "download", src.debian()), tmp, 600);
                }
                Path deb;
                try (Stream<Path> s = Files.list(tmp)) {
                    deb = s.filter(p -> p.toString().endsWith(".deb"))
                            .findFirst()
                            .orElse(null);
                }
                if (dl.exitCode() != 0 || deb == null) {
                    throw new UserException("apt-get download " + src.debian()
                            + " failed (run 'apt-get update' first?): "
                            + dl.output().strip().lines().reduce((a, b) -> b).orElse(""));
                }
                ExternalTools.Result x = ExternalTools.run(
                        List.of("dpkg", "-x", deb.toString(), tmp.resolve("x").toString()), tmp, 600);
                if (x.exitCode() != 0) {
                    throw new UserException("dpkg -x failed: " + x.output().strip());
                }
                Path data;
                try (Stream<Path> s = Files.walk(tmp.resolve("x"))) {
                    data = s.filter(p -> p.endsWith(src.inside()))
                            .findFirst()
                            .orElseThrow(
                                    () -> new UserException(src.debian() + " holds no " + src.inside() + " directory"));
                }
                Files.createDirectories(src.cache());
                for (String f : src.files()) {
                    Path from = data.resolve(f);
                    if (!Files.exists(from)) {
                        throw new UserException(
                                src.debian() + " lacks " + src.inside().resolve(f));
                    }
                    // copied under a temporary name and renamed, so an interrupted fetch never looks complete
                    Path part = src.cache().resolve(f + ".part");
                    delete(part);
                    copy(from, part);
                    delete(src.cache().resolve(f));
                    Files.move(part, src.cache().resolve(f), StandardCopyOption.ATOMIC_MOVE);
                }
                out.println("fetched " + String.join(", ", src.files()) + " from " + deb.getFileName() + " into "
                        + src.cache());
            } finally {
                delete(tmp);
            }
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }

        private static void delete(Path path) throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            try (Stream<Path> s = Files.walk(path)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
