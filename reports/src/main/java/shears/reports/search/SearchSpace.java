package shears.reports.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the search decides: one sparsity step per prunable layer, one strategy and one value of each
 * of the flow's structural knobs per design (RAMAN: the PE count {@code pes} and the weight bits
 * {@code wbits}; a logic network: {@code pipeline}, a register every k levels). {@code steps} are the
 * sparsities a layer may take; the uniform grid uses the same steps.
 */
public record SearchSpace(List<String> layers, double[] steps, List<String> strategies, List<Knob> knobs) {
    /** A structural decision: its name (a point parameter) and the values it may take. */
    public record Knob(String name, int[] values) {
        public Knob {
            values = values.clone();
            if (name.isEmpty() || values.length == 0) {
                throw new IllegalArgumentException("a knob needs a name and values");
            }
            if (Arrays.stream(values).distinct().count() != values.length) {
                throw new IllegalArgumentException(name + " values repeat: " + Arrays.toString(values));
            }
        }

        @Override
        public String toString() {
            return name + " " + Arrays.toString(values);
        }
    }

    public SearchSpace {
        layers = List.copyOf(layers);
        strategies = List.copyOf(strategies);
        knobs = List.copyOf(knobs);
        steps = steps.clone();
        if (layers.isEmpty() || steps.length == 0 || strategies.isEmpty() || knobs.isEmpty()) {
            throw new IllegalArgumentException("a search needs layers, sparsity steps, strategies and knobs");
        }
        for (double s : steps) {
            if (!(s >= 0 && s < 1)) {
                throw new IllegalArgumentException("sparsity steps must be in [0, 1), got " + s);
            }
        }
        if (Arrays.stream(steps).distinct().count() != steps.length) {
            throw new IllegalArgumentException("sparsity steps repeat: " + Arrays.toString(steps));
        }
        if (knobs.stream().map(Knob::name).distinct().count() != knobs.size()) {
            throw new IllegalArgumentException("knob names repeat: " + knobs);
        }
    }

    /** Variables: one step index per layer, then the strategy index, then each knob's value index. */
    public int variables() {
        return layers.size() + 1 + knobs.size();
    }

    public Candidate decode(int[] v) {
        double[] sp = new double[layers.size()];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = steps[v[i]];
        }
        Map<String, Integer> k = new LinkedHashMap<>();
        for (int i = 0; i < knobs.size(); i++) {
            k.put(knobs.get(i).name(), knobs.get(i).values()[v[layers.size() + 1 + i]]);
        }
        return new Candidate(strategies.get(v[layers.size()]), k, sp);
    }

    /** Every combination of the knobs' values, in order (the first knob varies slowest). */
    public List<Map<String, Integer>> knobSettings() {
        List<Map<String, Integer>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Knob k : knobs) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> m : out) {
                for (int v : k.values()) {
                    Map<String, Integer> n = new LinkedHashMap<>(m);
                    n.put(k.name(), v);
                    next.add(n);
                }
            }
            out = next;
        }
        return out;
    }

    /** Every layer at {@code step}: the uniform grid's points. */
    public Candidate uniform(String strategy, Map<String, Integer> knobValues, double step) {
        double[] sp = new double[layers.size()];
        Arrays.fill(sp, step);
        return new Candidate(strategy, knobValues, sp);
    }
}
