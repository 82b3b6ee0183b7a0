package io.fitscore.sample;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Generated images for {@code fitscore reduce}: real PNG files of a few classes of coloured shapes
 * (a red disc, a green square, a blue triangle) of random size and place on a noisy grey background, one
 * sub-folder per class ({@code circle/0001.png}), so that the class is known and PCA on the pixels
 * should separate the classes. Drawn pixel by pixel: no fonts or desktop libraries needed.
 */
public final class ShapeImages {

    /** The classes, as sub-folder names. */
    public static final List<String> CLASSES = List.of("circle", "square", "triangle");
    private static final int[][] COLOURS = {{210, 40, 40}, {40, 170, 60}, {50, 70, 210}};

    private ShapeImages() {
    }

    /** {@code perClass} images of {@code size} x {@code size} pixels per class, by relative path (e.g. circle/0001.png). */
    public static Map<String, byte[]> generate(int perClass, int size, long seed) {
        Random random = new Random(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < CLASSES.size(); c++) {
                files.put(String.format("%s/%04d.png", CLASSES.get(c), i + 1), png(draw(c, size, random)));
            }
        }
        return files;
    }

    private static BufferedImage draw(int shape, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double radius = size * (0.2 + 0.15 * random.nextDouble());
        double cx = radius + random.nextDouble() * (size - 2 * radius);
        double cy = radius + random.nextDouble() * (size - 2 * radius);
        int[] colour = COLOURS[shape];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                boolean inside = switch (shape) {
                    case 0 -> dx * dx + dy * dy <= radius * radius;
                    case 1 -> Math.abs(dx) <= radius * 0.85 && Math.abs(dy) <= radius * 0.85;
                    default -> dy <= radius * 0.8 && dy >= -radius && Math.abs(dx) <= (dy + radius) * 0.6;
                };
                int grey = 150 + random.nextInt(40);
                int r = inside ? jitter(colour[0], random) : grey;
                int g = inside ? jitter(colour[1], random) : grey;
                int b = inside ? jitter(colour[2], random) : grey;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static int jitter(int value, Random random) {
        return Math.max(0, Math.min(255, value + random.nextInt(31) - 15));
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
