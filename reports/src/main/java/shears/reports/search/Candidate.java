package shears.reports.search;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.reports.ComparisonRun;

/**
 * One design the search evaluates. As a {@link ComparisonRun.Point} (the journal's and the CSV's
 * row key) the per-layer sparsities become parameters {@code sp.<layer>} in thousandths, beside the
 * knob's value ({@link SearchSpace#knob()}); the point's sparsity is the mean.
 */
public record Candidate(String strategy, int knob, double[] layerSparsity) {
    public Candidate {
        layerSparsity = layerSparsity.clone();
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

    public ComparisonRun.Point point(List<String> layers, String knobName) {
        Map<String, Integer> params = new LinkedHashMap<>();
        params.put(knobName, knob);
        for (int i = 0; i < layers.size(); i++) {
            params.put("sp." + layers.get(i), (int) Math.round(layerSparsity[i] * 1000));
        }
        return new ComparisonRun.Point(strategy, Math.round(meanSparsity() * 1e6) / 1e6, params);
    }
}
