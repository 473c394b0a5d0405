/**
 * Hyperspectral driving scenes for segmentation: the 25-band snapshot camera ({@link
 * shears.models.hsi.Bands}), materials with analytic spectra and measured ECOSTRESS ones
 * ({@link shears.models.hsi.SpectralLibrary}), seeded procedural scenes with per-pixel labels
 * ({@link shears.models.hsi.SceneGenerator}), the camera's forward model ({@link
 * shears.models.hsi.SensorModel}), the bit-exact fixed-point preprocessing the hardware runs
 * ({@link shears.models.hsi.Preprocess}: mosaic to cube, calibration, normalisation, band selection)
 * with float versions beside it, ENVI cubes ({@link shears.models.hsi.Envi}) and PNG pictures
 * ({@link shears.models.hsi.HsiImages}); the 2-D U-Net ({@link shears.models.hsi.UNet}), its training and scoring on
 * synthetic scenes ({@link shears.models.hsi.HsiExperiment}, {@link shears.models.hsi.Confusion}).
 * Compression ({@link shears.models.hsi.Compression}) and the int8/int4 evaluation through the integer golden model.
 * <p>Layer: may import {@code shears.models.data}, {@code shears.models.io}, {@code shears.models.nn},
 * {@code shears.models.quant}, {@code shears.models.tensor}, {@code shears.models.train}.
 */
package shears.models.hsi;
