package shears.models.logicnet;

import shears.rtl.aig.Aig;
import shears.rtl.aig.SatSweeper;

/**
 * Exact pruning: SAT sweeping with the training data as extra simulation patterns (data-driven
 * candidate classes), every merge proved by Sat4j. The function never changes, so neither does
 * the accuracy; the budget is ignored.
 */
public final class SatPruning implements GatePruning {
    @Override
    public String name() {
        return "sat";
    }

    @Override
    public Aig prune(Aig netlist, long[][] patterns, int samples, int andBudget) {
        return SatSweeper.sweep(netlist, SatSweeper.Options.defaults(), patterns)
                .aig();
    }
}
