package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionTest {
    @Test
    void iouMeanIouAndAccuracyByHand() {
        Confusion c = Confusion.empty(3);
        c.add(new int[] {0, 0, 1, 1, 1, -1}, new int[] {0, 1, 1, 1, 0, 2});
        // class 0: TP 1, FN 1, FP 1 -> 1/3; class 1: TP 2, FN 1, FP 1 -> 1/2; class 2 absent -> NaN
        double[] iou = c.iou();
        assertEquals(1 / 3.0, iou[0], 1e-12);
        assertEquals(0.5, iou[1], 1e-12);
        assertTrue(Double.isNaN(iou[2]));
        assertEquals((1 / 3.0 + 0.5) / 2, c.meanIou(), 1e-12);
        assertEquals(3 / 5.0, c.pixelAccuracy(), 1e-12);
        assertArrayEquals(new long[] {1, 1, 0}, c.counts()[0]);
    }
}
