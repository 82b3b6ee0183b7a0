package io.fitscore.validate;

import java.util.List;
import java.util.Locale;

/** What a job's inputs are: CSV tables (joined on the key) or folders of image files. */
public enum InputFormat {
    CSV_TABLES, IMAGE_FOLDERS;

    /** The file name endings read as images, in any case; other files in an image folder are left out. */
    public static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** Whether a file is read as an image, by its name. */
    public static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }
}
