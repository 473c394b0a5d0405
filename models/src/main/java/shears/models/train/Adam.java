package shears.models.train;

import java.util.List;
import shears.models.nn.Network;

/**
 * Adam (Kingma and Ba, β1 = 0.9, β2 = 0.999, ε = 1e-8) over every weight and bias of a list of
 * networks; gradients come shaped as {@code [stage][0 weights | 1 biases][node][parameter]}.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private final List<Network> stages;
    private final double[][][][] m;
    private final double[][][][] v;
    private int t;

    public Adam(List<Network> stages) {
        this.stages = List.copyOf(stages);
        m = new double[stages.size()][][][];
        v = new double[stages.size()][][][];
        for (int k = 0; k < stages.size(); k++) {
            m[k] = stages.get(k).newGradients();
            v[k] = stages.get(k).newGradients();
        }
    }

    /** One update with learning rate {@code lr}. */
    public void step(double[][][][] grad, double lr) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int k = 0; k < stages.size(); k++) {
            Network net = stages.get(k);
            for (int n = 0; n < net.nodes().size(); n++) {
                update(net.weights(n), grad[k][0][n], m[k][0][n], v[k][0][n], lr, c1, c2);
                update(net.bias(n), grad[k][1][n], m[k][1][n], v[k][1][n], lr, c1, c2);
            }
        }
    }

    /**
     * One Adam update of the parameters {@code p} from gradients {@code g}, with first and second
     * moments {@code m}, {@code v} (updated in place) at step {@code t} (1 on the first update); for
     * trainers whose parameters are plain arrays (the logic-gate networks).
     */
    public static void update(double[] p, double[] g, double[] m, double[] v, double lr, int t) {
        update(p, g, m, v, lr, 1 - Math.pow(BETA1, t), 1 - Math.pow(BETA2, t));
    }

    private static void update(double[] p, double[] g, double[] m, double[] v, double lr, double c1, double c2) {
        for (int i = 0; i < p.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
    }
}
