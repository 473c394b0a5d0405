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
@Command(name = "data", mixinStandardHelpOptions = true, description = "Data sets.", subcommands = {DataCommand.Fetch.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    /** The files taken from Debian's python3-sklearn (sklearn/datasets/data/). */
    static final List<String> FILES = List.of("breast_cancer.csv", "digits.csv.gz", "iris.csv");

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch breast_cancer, digits and iris from Debian's python3-sklearn package (apt-get download + dpkg -x, no Python) into the cache.")
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path cache = DataCache.datasets();
            var out = spec.commandLine().getOut();
            if (FILES.stream().allMatch(f -> Files.isRegularFile(cache.resolve(f)))) {
                out.println("data sets already in " + cache);
                return 0;
            }
            if (!ExternalTools.available("apt-get") || !ExternalTools.available("dpkg")) {
                throw new UserException("data fetch needs apt-get and dpkg (Debian) to download python3-sklearn");
            }
            Path tmp = Files.createTempDirectory("shears-fetch");
            try {
                ExternalTools.Result dl = ExternalTools.run(List.of("apt-get", "download", "python3-sklearn"), tmp, 600);
                if (dl.exitCode() != 0 && "root".equals(System.getProperty("user.name"))) { // stale package lists: refresh once
                    ExternalTools.run(List.of("apt-get", "update", "-qq"), tmp, 600);
                    dl = ExternalTools.run(List.of("apt-get", "download", "python3-sklearn"), tmp, 600);
                }
                Path deb;
                try (Stream<Path> s = Files.list(tmp)) {
                    deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
                }
                if (dl.exitCode() != 0 || deb == null) {
                    throw new UserException("apt-get download python3-sklearn failed (run 'apt-get update' first?): "
                            + dl.output().strip().lines().reduce((a, b) -> b).orElse(""));
                }
                ExternalTools.Result x = ExternalTools.run(List.of("dpkg", "-x", deb.toString(), tmp.resolve("x").toString()), tmp, 600);
                if (x.exitCode() != 0) {
                    throw new UserException("dpkg -x failed: " + x.output().strip());
                }
                Path data;
                try (Stream<Path> s = Files.walk(tmp.resolve("x"))) {
                    data = s.filter(p -> p.endsWith(Path.of("sklearn", "datasets", "data"))).findFirst()
                            .orElseThrow(() -> new UserException("python3-sklearn holds no sklearn/datasets/data directory"));
                }
                Files.createDirectories(cache);
                for (String f : FILES) {
                    Path src = data.resolve(f);
                    if (!Files.isRegularFile(src)) {
                        throw new UserException("python3-sklearn lacks " + f);
                    }
                    Path part = Files.createTempFile(cache, f, ".part");
                    Files.copy(src, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, cache.resolve(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                out.println("fetched " + String.join(", ", FILES) + " from " + deb.getFileName() + " into " + cache);
                return 0;
            } finally {
                try (Stream<Path> s = Files.walk(tmp)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
