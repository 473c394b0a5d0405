package shears.models.prune;

import java.util.Map;
import java.util.Optional;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.train.Regularizer;

/**
 * Iterative magnitude pruning with weight rewinding (Frankle et al., "Linear mode connectivity and
 * the lottery ticket hypothesis", 2020): over R rounds the global sparsity rises as
 * {@code 1 - (1 - s)^(r/R)}; each round prunes by global magnitude, rewinds the surviving weights to
 * their values at the rewind point (early in the original training), and retrains under the mask.
 * The last round's rewound, masked weights are the starting point for the caller's fine-tuning.
 */
public final class LotteryTicket implements PruningStrategy {
    private final FineTuner tuner;
    private final Network rewindPoint;
    private final int rounds;
    private final int epochsPerRound;

    public LotteryTicket(FineTuner tuner, Network rewindPoint, int rounds, int epochsPerRound) {
        if (rounds < 1 || epochsPerRound < 0) {
            throw new IllegalArgumentException("lottery ticket needs at least one round and non-negative epochs");
        }
        this.tuner = tuner;
        this.rewindPoint = rewindPoint;
        this.rounds = rounds;
        this.epochsPerRound = epochsPerRound;
    }

    @Override
    public String name() {
        return "lottery";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        request.requireUniform(name());
        Network net = request.network().copy();
        Masks masks = Masks.none(net);
        for (int r = 1; r <= rounds; r++) {
            double target = 1 - Math.pow(1 - request.sparsity(), (double) r / rounds);
            masks = new Magnitude(true)
                    .prune(new PruneRequest(net, target, request.seed(), request.weightBits()))
                    .masks();
            net = rewindPoint.copy();
            net.applyMasks(masks);
            if (r < rounds) {
                tuner.train(net, masks, Regularizer.NONE, epochsPerRound);
            }
        }
        return new PruneResult(
                name(),
                masks,
                Magnitude.cscCost(net, masks, request.weightBits()),
                masks.sparsity(net),
                Optional.of(net),
                Map.of());
    }
}
