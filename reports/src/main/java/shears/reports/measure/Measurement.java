package shears.reports.measure;

import shears.rtl.estimate.Estimator;
import shears.sim.ToggleCounts;
import shears.sim.power.PowerEstimator;

/**
 * What measuring a design gives: the estimate, the simulated activity and the power at the operating
 * point, from one simulation.
 *
 * @param estimate   area, FPGA resources and timing
 * @param engine     the engine that simulated the activity
 * @param cycles     cycles simulated
 * @param simSeconds wall time of that simulation
 * @param digest     digest of every output on every cycle (random drive; empty for a fixed stimulus)
 * @param trace      every output on every cycle (fixed stimulus; empty for a random drive)
 * @param toggles    per-net toggles the power comes from
 * @param power      power at {@code point}
 * @param point      the operating point
 */
public record Measurement(
        Estimator.Estimate estimate,
        String engine,
        long cycles,
        double simSeconds,
        String digest,
        long[] trace,
        ToggleCounts toggles,
        PowerEstimator.Power power,
        OperatingPoint point) {
    /** Energy of one inference of {@code cycles} cycles at this point, in pJ. */
    public double energyPj(double inferenceCycles) {
        return power.totalUw() * inferenceCycles / point.freqMhz();
    }
}
