package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HsiImagesTest {
    @Test
    void labelMapShowsClassColoursAndIsDeterministic() throws IOException {
        SyntheticCapture c = SyntheticCapture.of(4, 80, 40, SpectralLibrary.analytic());
        byte[] png = HsiImages.labels(c.labels(), 80, 40, 2);
        assertArrayEquals(png, HsiImages.labels(c.labels(), 80, 40, 2), "same input, same bytes");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img.getWidth() > 160 && img.getHeight() >= 80);
        int checked = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 80; x++) {
                assertEquals(
                        HsiClass.values()[c.labels()[y * 80 + x]].rgb(), img.getRGB(2 * x + 1, 2 * y + 1) & 0xFFFFFF);
                checked++;
            }
        }
        assertEquals(3200, checked);
    }

    @Test
    void falseColourShowsVegetationRed() throws IOException {
        SyntheticCapture c = SyntheticCapture.of(4, 80, 40, SpectralLibrary.analytic());
        BufferedImage img = ImageIO.read(
                new ByteArrayInputStream(HsiImages.falseColour(c.reflectance(), HsiImages.FALSE_COLOUR_BANDS, 1)));
        long red = 0;
        long vegetation = 0;
        for (int p = 0; p < c.labels().length; p++) {
            if (c.labels()[p] == HsiClass.VEGETATION.ordinal()) {
                int rgb = img.getRGB(p % 80, p / 80);
                vegetation++;
                red += ((rgb >> 16) & 0xFF) > 2 * ((rgb >> 8) & 0xFF) ? 1 : 0;
            }
        }
        assertTrue(vegetation > 50 && red > 0.9 * vegetation, red + " of " + vegetation);
    }
}
