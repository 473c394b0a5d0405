package shears.reports.search;

import java.util.Arrays;
import java.util.List;

/**
 * What the search decides: one sparsity step per prunable layer, one strategy and one value of the
 * flow's structural knob per design ({@code knob} names it: the PE count {@code pes} of RAMAN, the
 * register-every-k-levels {@code pipeline} of a logic network). {@code steps} are the sparsities a
 * layer may take; the uniform grid uses the same steps.
 */
public record SearchSpace(List<String> layers, double[] steps, List<String> strategies, String knob, int[] knobValues) {
    public SearchSpace {
        layers = List.copyOf(layers);
        strategies = List.copyOf(strategies);
        steps = steps.clone();
        knobValues = knobValues.clone();
        if (layers.isEmpty() || steps.length == 0 || strategies.isEmpty() || knobValues.length == 0) {
            throw new IllegalArgumentException(
                    "a search needs layers, sparsity steps, strategies and " + knob + " values");
        }
        for (double s : steps) {
            if (!(s >= 0 && s < 1)) {
                throw new IllegalArgumentException("sparsity steps must be in [0, 1), got " + s);
            }
        }
        if (Arrays.stream(steps).distinct().count() != steps.length) {
            throw new IllegalArgumentException("sparsity steps repeat: " + Arrays.toString(steps));
        }
    }

    /** Variables: one step index per layer, then the strategy index, then the knob value's index. */
    public int variables() {
        return layers.size() + 2;
    }

    public Candidate decode(int[] v) {
        double[] sp = new double[layers.size()];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = steps[v[i]];
        }
        return new Candidate(strategies.get(v[layers.size()]), knobValues[v[layers.size() + 1]], sp);
    }

    /** Every layer at {@code step}: the uniform grid's points. */
    public Candidate uniform(String strategy, int knobValue, double step) {
        double[] sp = new double[layers.size()];
        Arrays.fill(sp, step);
        return new Candidate(strategy, knobValue, sp);
    }
}
