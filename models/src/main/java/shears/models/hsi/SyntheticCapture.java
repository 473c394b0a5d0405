package shears.models.hsi;

/**
 * One synthetic recording as the camera and the preprocessing see it: a generated scene, its raw
 * mosaic frame, dark and white reference frames of the same camera, the calibration tables taken from
 * them, and the calibrated 12-bit reflectance cube with its label map.
 */
public record SyntheticCapture(
        Scene scene,
        SensorModel.Frame raw,
        SensorModel.Frame dark,
        SensorModel.Frame white,
        Preprocess.Calibration calibration,
        IntCube reflectance,
        byte[] labels) {
    /** A {@code width} x {@code height} scene for {@code seed}, captured by the standard camera. */
    public static SyntheticCapture of(long seed, int width, int height, SpectralLibrary library) {
        Scene scene = SceneGenerator.generate(seed, width, height);
        SensorModel camera = SensorModel.standard(0x5EA5L);
        SensorModel.Frame raw = camera.capture(scene, library, seed);
        SensorModel.Frame dark = camera.dark(width, height, seed + 1);
        SensorModel.Frame white = camera.white(width, height, seed + 2);
        Preprocess.Crop crop = Preprocess.Crop.all(raw);
        Preprocess.Calibration cal =
                Preprocess.Calibration.of(Preprocess.cube(dark, crop), Preprocess.cube(white, crop));
        IntCube r = Preprocess.calibrate(Preprocess.cube(raw, crop), cal);
        return new SyntheticCapture(scene, raw, dark, white, cal, r, scene.labels());
    }
}
