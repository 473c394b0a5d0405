package shears.models.train;

/**
 * Training hyper-parameters. {@code fakeQuantBits} 0 trains in float; 8 or 4 quantises weights per
 * output channel in the forward pass (straight-through gradients to the float master weights).
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, long seed, int fakeQuantBits) {
    public TrainConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must not be negative: " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
        }
        if (fakeQuantBits != 0 && (fakeQuantBits < 2 || fakeQuantBits > 16)) {
            throw new IllegalArgumentException("fake-quantisation bits must be 0 (off) or 2..16: " + fakeQuantBits);
        }
    }

    public static TrainConfig of(int epochs, int batchSize, double learningRate, long seed) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, 0);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, learningRate, seed, fakeQuantBits);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, seed, fakeQuantBits);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, learningRate, s, fakeQuantBits);
    }

    public TrainConfig withFakeQuantBits(int bits) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, bits);
    }
}
