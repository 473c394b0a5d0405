package shears.accelerators.hsi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.models.hsi.SpectralLibrary;
import shears.models.io.ModelFiles;
import shears.models.nn.Network;

class TmpFullProbeTest {
    @Test
    void probe() throws Exception {
        Network net = null;
        try (var s = Files.list(Path.of(System.getProperty("user.home"), ".cache/shears/models"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("hsi-unet")).toList()) {
                Network n = ModelFiles.load(p).network("unet");
                if (n.parameterCount() == 31_121) { net = n; }
            }
        }
        int h = Integer.getInteger("h", 208), w = Integer.getInteger("w", 400);
        int[] keep = java.util.stream.IntStream.range(0, 25).toArray();
        SpectralLibrary lib = SpectralLibrary.analytic();
        HsiPipeline.Built b = HsiPipeline.build(new HsiPipeline.Config(net, Preprocess.Norm.L1, keep, h, w, 8, Map.of(),
                new Folder.Target(30, 200, Folder.Device.K26)), lib, m -> { });
        List<SensorModel.Frame> raws = new ArrayList<>();
        for (HsiPipeline.TestFrame f : HsiPipeline.frames(2, 1_000_001, h, w, lib)) raws.add(f.raw());
        PipelineModel model = new PipelineModel(b.plan());
        long t0 = System.nanoTime();
        HsiRun.Result r = new HsiRun(b.plan(), b.calibration(), raws, 0.3, 1).run(model, null);
        System.out.println("model: cycles " + r.cycles() + " interval " + r.frameIntervalCycles() + " latency " + r.latencyCycles() + " fifo " + r.fifoMaxOccupancy() + " in " + (System.nanoTime() - t0) / 1e9 + " s");
        model.stalls().forEach((k, v) -> System.out.println(k + " starved " + v[0] + " blocked " + v[1]));
    }
}
