package shears.accelerators.hsi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.models.hsi.Preprocess;

/** The auto-folder's device checks that run before anything is estimated. */
class FolderTest {
    @Test
    void aPipelineWhoseMemoriesCannotFitIsRefusedBeforeEstimating() {
        HsiPipelineTest.Case c = HsiPipelineTest.build(
                3, 2, 16, 64, 16, new int[] {3, 12, 20, 6}, Preprocess.Norm.L1, Map.of(), Map.of(), false, 1);
        long weights = 0;
        long buffers = 0;
        for (StreamPlan.Stage s : c.plan().stages()) {
            if (s instanceof StreamPlan.Conv conv) {
                weights += 8L * conv.outChannels() * conv.fanIn();
                buffers += 8L * (conv.kernel() - 1) * (conv.width() + conv.kernel() - 1) * conv.inChannels();
            } else if (s instanceof StreamPlan.Cat cat) {
                buffers += 8L * cat.fifoDepth() * cat.channelsB();
            }
        }
        // the UP5K: 30 EBRs of 4 kbit and 5,280 LUT4s of 16 bits
        long up5k = 30 * 4096 + 5280 * 16;
        StreamException e = assertThrows(StreamException.class, () -> Folder.checkMemory(c.plan(), Folder.Device.UP5K));
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "device up5k too small: the pipeline stores at least %,d bits (weights %,d, line buffers and "
                                + "skip FIFOs %,d); its block RAM and every LUT as memory hold %,d",
                        weights + buffers,
                        weights,
                        buffers,
                        up5k),
                e.getMessage());
        assertDoesNotThrow(() -> Folder.checkMemory(c.plan(), Folder.Device.K26));
    }
}
