package shears.reports.search;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.reports.ComparisonRun;

/**
 * One design the search evaluates. As a {@link ComparisonRun.Point} (the journal's and the CSV's
 * row key) the per-layer sparsities become parameters {@code sp.<layer>} in thousandths, after the
 * knobs' values ({@link SearchSpace#knobs()}); the point's sparsity is the mean.
 */
public record Candidate(String strategy, Map<String, Integer> knobs, double[] layerSparsity) {
    public Candidate {
        knobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(knobs));
        layerSparsity = layerSparsity.clone();
    }

    /** The value of knob {@code name}. */
    public int knob(String name) {
        Integer v = knobs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the design has no knob '" + name + "', only " + knobs.keySet());
        }
        return v;
    }

    public double meanSparsity() {
        return Arrays.stream(layerSparsity).average().orElse(0);
    }

    public boolean uniform() {
        return Arrays.stream(layerSparsity).distinct().count() <= 1;
    }

    public Map<String, Double> byLayer(List<String> layers) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            m.put(layers.get(i), layerSparsity[i]);
        }
        return m;
    }

    public ComparisonRun.Point point(List<String> layers) {
        Map<String, Integer> params = new LinkedHashMap<>(knobs);
        for (int i = 0; i < layers.size(); i++) {
            params.put("sp." + layers.get(i), (int) Math.round(layerSparsity[i] * 1000));
        }
        return new ComparisonRun.Point(strategy, Math.round(meanSparsity() * 1e6) / 1e6, params);
    }
}
