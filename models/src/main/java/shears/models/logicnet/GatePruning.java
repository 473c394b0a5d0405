package shears.models.logicnet;

import shears.rtl.aig.Aig;

/**
 * Shrinks a gate netlist to a budget of AND nodes using training data ({@code patterns[input][word]},
 * 64 samples per word, {@code samples} valid). Exact methods may stop above the budget (they never
 * change the function); approximate ones trade accuracy for gates. Deterministic.
 */
public interface GatePruning {
    String name();

    Aig prune(Aig netlist, long[][] patterns, int samples, int andBudget);
}
