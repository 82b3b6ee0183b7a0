package io.fitscore.reduce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.storage.StorageFailures;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputFormat;

/**
 * Folders of images read with Spark's image data source and turned into fixed-length pixel features:
 * each image decoded where it lies, shrunk (or stretched) to size x size by averaging the source pixels
 * each target pixel covers, as red, green, blue values in [0, 1]. The label is the name of the folder
 * holding the image ({@code shapes/circle/0001.png} -> {@code circle}).
 */
public final class ImageFolders {

    public static final String PATH = "path";
    public static final String LABEL = "label";
    public static final String FEATURES = "pixels";
    private static final String[] CHANNELS = {"r", "g", "b"};

    private ImageFolders() {
    }

    /** The images as read: path, label and pixel features, kept (memory, then disk) for the passes PCA makes. */
    public record Images(Dataset<Row> rows, long count, List<String> featureNames) {
    }

    /**
     * Reads every image file under the folders (sub-folders included, other files left out); an image
     * Spark cannot decode stops the job naming the file (exit 6).
     */
    public static Images read(SparkSession spark, List<StorageUri> folders, int size) {
        String glob = "*.{" + InputFormat.IMAGE_SUFFIXES.stream().map(s -> s.substring(1))
                .flatMap(s -> java.util.stream.Stream.of(s, s.toUpperCase(java.util.Locale.ROOT))).collect(Collectors.joining(",")) + "}";
        Dataset<Row> images;
        try {
            images = spark.read().format("image").option("dropInvalid", false).option("recursiveFileLookup", true)
                    .option("pathGlobFilter", glob).load(folders.stream().map(f -> f.asPrefix().hadoopPath()).toArray(String[]::new));
        } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
            throw StorageFailures.classify(folders.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
        UserDefinedFunction pixels = udf((UDF1<Row, Vector>) image -> features(image, size), SQLDataTypes.VectorType());
        // Paths as the user wrote them (s3://), not as Hadoop reads them (s3a://).
        Dataset<Row> rows = images.select(regexp_replace(col("image.origin"), "^s3a://", "s3://").as(PATH),
                element_at(split(col("image.origin"), "/"), -2).as(LABEL), pixels.apply(col("image")).as(FEATURES))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row counted = rows.agg(count(lit(1)), sum(when(col(FEATURES).isNull(), 1).otherwise(0))).first();
        long total = counted.getLong(0);
        long undecodable = counted.isNullAt(1) ? 0 : counted.getLong(1);
        if (undecodable > 0) {
            String first = rows.filter(col(FEATURES).isNull()).select(PATH).first().getString(0);
            rows.unpersist();
            throw new FitscoreException(ExitCode.INPUT_INVALID, first + ": cannot be decoded as an image"
                    + (undecodable > 1 ? " (and " + (undecodable - 1) + " more of " + total + " images)" : ""));
        }
        return new Images(rows, total, featureNames(size));
    }

    /** The feature names, pixel by pixel: y0_x0_r, y0_x0_g, y0_x0_b, y0_x1_r, ... */
    public static List<String> featureNames(int size) {
        List<String> names = new ArrayList<>(size * size * 3);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (String c : CHANNELS) {
                    names.add("y" + y + "_x" + x + "_" + c);
                }
            }
        }
        return names;
    }

    /**
     * One image as size x size x RGB values in [0, 1], each the mean of the source pixels the target
     * pixel covers; null for a row the image source could not decode (height -1, no data).
     */
    static Vector features(Row image, int size) {
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = image.getAs("data");
        if (height <= 0 || width <= 0 || channels <= 0 || data == null || data.length < (long) height * width * channels) {
            return null;
        }
        double[] out = new double[size * size * 3];
        int rowStride = width * channels;
        for (int ty = 0; ty < size; ty++) {
            int y0 = ty * height / size;
            int y1 = Math.max(y0 + 1, (ty + 1) * height / size);
            for (int tx = 0; tx < size; tx++) {
                int x0 = tx * width / size;
                int x1 = Math.max(x0 + 1, (tx + 1) * width / size);
                double r = 0;
                double g = 0;
                double b = 0;
                for (int y = y0; y < y1; y++) {
                    int offset = y * rowStride;
                    for (int x = x0; x < x1; x++) {
                        int p = offset + x * channels;
                        if (channels >= 3) { // stored as B, G, R (and A)
                            b += data[p] & 0xff;
                            g += data[p + 1] & 0xff;
                            r += data[p + 2] & 0xff;
                        } else {
                            double grey = data[p] & 0xff;
                            r += grey;
                            g += grey;
                            b += grey;
                        }
                    }
                }
                double scale = 255.0 * (y1 - y0) * (x1 - x0);
                int o = (ty * size + tx) * 3;
                out[o] = r / scale;
                out[o + 1] = g / scale;
                out[o + 2] = b / scale;
            }
        }
        return Vectors.dense(out);
    }
}
