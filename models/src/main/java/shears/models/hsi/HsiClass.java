package shears.models.hsi;

/**
 * The segmentation classes of the synthetic driving scenes, with the colours their label maps use.
 * Index = label value. Chosen after HSI-Drive's classes that a scene generator can render.
 */
public enum HsiClass {
    SKY(135, 206, 235),
    ROAD(80, 80, 80),
    LANE_MARKING(255, 255, 255),
    VEGETATION(34, 139, 34),
    VERGE(160, 120, 60),
    VEHICLE(200, 30, 30),
    GLASS(100, 220, 255),
    CONCRETE(190, 190, 170),
    PEDESTRIAN(255, 200, 0);

    private final int rgb;

    HsiClass(int r, int g, int b) {
        this.rgb = (r << 16) | (g << 8) | b;
    }

    /** 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    public static int count() {
        return values().length;
    }
}
