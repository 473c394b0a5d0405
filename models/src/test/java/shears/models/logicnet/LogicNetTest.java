package shears.models.logicnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.models.data.Monks;
import shears.models.data.Table;
import shears.rtl.aig.Aig;
import shears.rtl.aig.Cec;

class LogicNetTest {
    @Test
    void relaxedGatesAreExactOnBooleanInputs() {
        for (int g = 0; g < Gates.COUNT; g++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    double[] c = Gates.COEF[g];
                    double relaxed = c[0] + c[1] * a + c[2] * b + c[3] * a * b;
                    assertTrue(relaxed == 0 || relaxed == 1, "gate " + g);
                    // bit (a + 2b) of g's truth table, difflogic's enumeration: g = sum over minterms
                    int tt = 0;
                    for (int x = 0; x < 2; x++) {
                        for (int y = 0; y < 2; y++) {
                            tt |= (Gates.eval(g, x == 1, y == 1) ? 1 : 0) << (2 * x + y);
                        }
                    }
                    assertEquals(
                            g,
                            Integer.reverse(tt) >>> 28,
                            "difflogic order: gate index is its truth table (a,b)=11,10,01,00");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void gradientsMatchFiniteDifferences(int candidates) {
        LogicNet net = new LogicNet(new LogicNetConfig(6, new int[] {8, 6}, 3, 2.0, candidates, 3));
        SplittableRandom r = new SplittableRandom(4);
        for (double[] l : net.connLogits) {
            for (int i = 0; i < l.length; i++) {
                l[i] = r.nextDouble() - 0.5;
            }
        }
        boolean[][] x = new boolean[10][6];
        int[] y = new int[10];
        for (int s = 0; s < x.length; s++) {
            for (int i = 0; i < 6; i++) {
                x[s][i] = r.nextBoolean();
            }
            y[s] = r.nextInt(3);
        }
        double[][][] g = LogicNetTrainer.gradients(net, x, y);
        int checked = 0;
        double h = 1e-6;
        for (int part = 1; part <= (candidates > 1 ? 2 : 1); part++) {
            double[][] params = part == 1 ? net.gateLogits : net.connLogits;
            for (int l = 0; l < params.length; l++) {
                for (int i = 0; i < params[l].length; i += 3) {
                    double keep = params[l][i];
                    params[l][i] = keep + h;
                    double up = LogicNetTrainer.gradients(net, x, y)[0][0][0];
                    params[l][i] = keep - h;
                    double down = LogicNetTrainer.gradients(net, x, y)[0][0][0];
                    params[l][i] = keep;
                    assertEquals(
                            (up - down) / (2 * h), g[part][l][i], 1e-6, "part " + part + " layer " + l + " index " + i);
                    checked++;
                }
            }
        }
        assertTrue(checked > 30);
    }

    @Test
    void learnedInterconnectSolvesMonk1AndHardwareNetlistMatchesTheHardNet() {
        Table[] tt = Monks.problem(1, 1);
        LogicExperiment.Trained t =
                LogicExperiment.train(tt[0], tt[1], new LogicExperiment.Settings(2, 60, 8, 1, 1, 200, 32, 0.02, 1));
        double test = t.testAccuracy(t.netlist());
        assertTrue(test >= 0.97, "MONK-1 test accuracy " + test);
        // the gate netlist computes exactly what the hardened layers compute, sample by sample
        HardNet h = t.hard();
        for (boolean[] x : t.testX()) {
            boolean[] layer = x;
            for (int l = 0; l < h.widths().length; l++) {
                boolean[] next = new boolean[h.widths()[l]];
                for (int j = 0; j < next.length; j++) {
                    next[j] = Gates.eval(h.gate()[l][j], layer[h.wires()[l][2 * j]], layer[h.wires()[l][2 * j + 1]]);
                }
                layer = next;
            }
            long[][] out = shears.rtl.aig.BitSim.outputs(
                    t.netlist(),
                    shears.rtl.aig.BitSim.simulate(t.netlist(), HardNet.pack(new boolean[][] {x}, x.length, 1)));
            for (int j = 0; j < layer.length; j++) {
                assertEquals(layer[j], (out[j][0] & 1) == 1);
            }
        }
    }

    @Test
    void pruningStrategiesMeetBudgetsAndSatStaysExact() {
        Table[] tt = Monks.problem(3, 2);
        LogicExperiment.Trained t =
                LogicExperiment.train(tt[0], tt[1], new LogicExperiment.Settings(3, 48, 1, 2, 1, 60, 32, 0.02, 2));
        var rows = LogicExperiment.prune(t, LogicExperiment.strategies(), java.util.List.of(0.5, 0.25));
        assertEquals(1 + 1 + 2 + 2, rows.size());
        var base = rows.get(0);
        for (var r : rows) {
            switch (r.strategy()) {
                case "sat" -> {
                    assertTrue(r.provedEquivalent());
                    assertEquals(base.trainAccuracy(), r.trainAccuracy());
                    assertEquals(base.testAccuracy(), r.testAccuracy());
                    assertTrue(r.ands() <= base.ands());
                }
                case "similarity", "greedy" -> assertTrue(r.ands() <= r.andBudget(), r.toString());
                default -> assertEquals("none", r.strategy());
            }
        }
        // similarity at threshold 1.0 only merges nodes identical on the training data: training accuracy is unchanged
        Aig same = SimilarityPruning.mergeAt(t.netlist(), t.trainPatterns(), t.trainX().length, 1.0);
        assertEquals(base.trainAccuracy(), t.trainAccuracy(same));
        assertTrue(Cec.check(t.netlist(), new SatPruning().prune(t.netlist(), t.trainPatterns(), t.trainX().length, 0))
                .equivalent());
    }

    @Test
    void thermometerThresholdsAreQuantiles() {
        double[][] f = new double[100][1];
        for (int i = 0; i < 100; i++) {
            f[i][0] = i;
        }
        Thermometer t = Thermometer.fit(f, 3);
        assertEquals("[[25.0, 50.0, 75.0]]", Arrays.deepToString(t.thresholds()));
        boolean[] e = t.encode(new double[] {60});
        assertTrue(e[0] && e[1] && !e[2]);
    }
}
