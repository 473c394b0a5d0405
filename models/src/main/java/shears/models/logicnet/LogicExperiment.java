package shears.models.logicnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.models.data.Table;
import shears.rtl.aig.Aig;
import shears.rtl.aig.Cec;

/**
 * Trains a logic network on a train/test split, hardens it, and prunes the gate netlist with each
 * {@link GatePruning} at each budget (a fraction of the hardened AND count), reporting gates, depth
 * and accuracy.
 */
public final class LogicExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(LogicExperiment.class);

    /** Network and training settings. {@code candidates} 1 = fixed random wiring. */
    public record Settings(
            int layers,
            int width,
            int candidates,
            double tau,
            int thermometerBits,
            int epochs,
            int batchSize,
            double learningRate,
            long seed) {
        public Settings {
            if (layers < 1
                    || width < 1
                    || thermometerBits < 1
                    || epochs < 1
                    || batchSize < 1
                    || !(learningRate > 0)
                    || !(tau > 0)) {
                throw new IllegalArgumentException("logic network settings must be positive");
            }
        }
    }

    /** The trained, hardened network with its encoder and data. */
    public record Trained(
            Settings settings,
            Thermometer encoder,
            LogicNet net,
            HardNet hard,
            Aig netlist,
            int classes,
            boolean[][] trainX,
            int[] trainY,
            boolean[][] testX,
            int[] testY,
            double trainSeconds) {
        public double trainAccuracy(Aig aig) {
            return HardNet.accuracy(aig, classes, trainX, trainY);
        }

        public double testAccuracy(Aig aig) {
            return HardNet.accuracy(aig, classes, testX, testY);
        }

        /** Training samples as simulation patterns. */
        public long[][] trainPatterns() {
            return HardNet.pack(trainX, netlist.inputCount(), (trainX.length + 63) / 64);
        }
    }

    /** One pruned version. */
    public record Row(
            String strategy,
            double budgetFraction,
            int andBudget,
            int ands,
            int depth,
            double trainAccuracy,
            double testAccuracy,
            boolean provedEquivalent) {}

    private LogicExperiment() {}

    public static Trained train(Table train, Table test, Settings s) {
        if (train.classes() != test.classes()) {
            throw new IllegalArgumentException("train and test sets differ in classes");
        }
        Thermometer enc = Thermometer.fit(train.features(), s.thermometerBits());
        boolean[][] xtr = Arrays.stream(train.features()).map(enc::encode).toArray(boolean[][]::new);
        boolean[][] xte = Arrays.stream(test.features()).map(enc::encode).toArray(boolean[][]::new);
        int classes = train.classes();
        int width = Math.max(classes, s.width() / classes * classes);
        int[] widths = new int[s.layers()];
        Arrays.fill(widths, width);
        LogicNet net =
                new LogicNet(new LogicNetConfig(enc.width(), widths, classes, s.tau(), s.candidates(), s.seed()));
        long t0 = System.nanoTime();
        int chunk = Math.max(1, s.epochs() / 10);
        for (int e = 0; e < s.epochs(); e += chunk) {
            List<Double> loss = LogicNetTrainer.fit(
                    net,
                    xtr,
                    train.labels(),
                    new LogicNetTrainer.Config(
                            Math.min(chunk, s.epochs() - e), s.batchSize(), s.learningRate(), s.seed() * 101 + e));
            LOG.info(
                    "logic train epoch {}/{}: loss {}",
                    Math.min(s.epochs(), e + chunk),
                    s.epochs(),
                    String.format("%.4f", loss.get(loss.size() - 1)));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        HardNet hard = net.harden();
        return new Trained(s, enc, net, hard, hard.toAig(), classes, xtr, train.labels(), xte, test.labels(), seconds);
    }

    public static List<Row> prune(Trained t, List<GatePruning> strategies, List<Double> budgetFractions) {
        List<Row> rows = new ArrayList<>();
        Aig base = t.netlist();
        rows.add(new Row(
                "none",
                1.0,
                base.andCount(),
                base.andCount(),
                base.depth(),
                t.trainAccuracy(base),
                t.testAccuracy(base),
                true));
        long[][] patterns = t.trainPatterns();
        for (GatePruning p : strategies) {
            for (double f : budgetFractions) {
                int budget = (int) Math.round(f * base.andCount());
                Aig pruned = p.prune(base, patterns, t.trainX().length, budget);
                boolean equivalent =
                        p instanceof SatPruning ? Cec.check(base, pruned).equivalent() : false;
                rows.add(new Row(
                        p.name(),
                        f,
                        budget,
                        pruned.andCount(),
                        pruned.depth(),
                        t.trainAccuracy(pruned),
                        t.testAccuracy(pruned),
                        equivalent));
                if (p instanceof SatPruning) {
                    break; // exact: one result regardless of budget
                }
            }
        }
        return rows;
    }

    public static List<GatePruning> strategies() {
        return List.of(new SatPruning(), new SimilarityPruning(), new GreedyConstantPruning());
    }
}
