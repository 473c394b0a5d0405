package shears.reports;

import java.util.List;
import java.util.Map;

/**
 * A path from a pruned model to measured hardware: generate the design, simulate it, estimate it.
 * The accelerator issues implement this for their generators; {@code fir} is the built-in example.
 *
 * @param <M> the model type
 */
public interface Flow<M> {
    String name();

    /** The unpruned model (deterministic for a seed). */
    M baseModel(long seed);

    List<PruningStrategy<M>> strategies();

    /** Hardware parameters with their defaults; a comparison may sweep each over several values. */
    Map<String, Integer> defaultParams();

    /** The values parameter {@code name} may take, as [min, max] (by default the widths and PE counts generators take). */
    default int[] paramRange(String name) {
        return new int[] {2, 32};
    }

    /** Metrics of one grid point, in a fixed column order (see {@link PointResult}), with the estimate they came from. */
    Evaluated evaluate(M base, PruningStrategy.Pruned<M> pruned, Map<String, Integer> params, long seed);

    /** A point's figures and the estimate behind them: a Yosys cross-check compares with it instead of estimating again. */
    record Evaluated(PointResult result, shears.rtl.estimate.Estimator.Estimate estimate) {}

    /**
     * Pictures of a point evaluated in this process (name to PNG; a segmentation flow's label maps of
     * the hardware's output beside the ground truth), for the report. Points resumed from a journal
     * have none.
     */
    default Map<String, byte[]> pictures(ComparisonRun.Point point) {
        return Map.of();
    }

    /** The generated design of a point, for the Yosys cross-check. */
    shears.rtl.ir.Netlist design(PruningStrategy.Pruned<M> pruned, Map<String, Integer> params);
}
