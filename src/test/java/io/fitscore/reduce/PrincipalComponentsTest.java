package io.fitscore.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.testing.LocalSpark;

/** PCA as fitted in Spark, held against the eigen-decomposition of the same rows' covariance computed here. */
class PrincipalComponentsTest {

    private static final int ROWS = 400;
    @RegisterExtension
    static final LocalSpark session = new LocalSpark(2);
    /** Four columns driven by two hidden factors plus a little noise, an id, and a column with gaps. */
    private static double[][] values;
    private static Dataset<Row> rows;

    @BeforeAll
    static void start() {
        Random random = new Random(5);
        values = new double[ROWS][4];
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double f1 = random.nextGaussian() * 3;
            double f2 = random.nextGaussian();
            values[i] = new double[] {f1 + 0.05 * random.nextGaussian(), 2 * f1 - f2 + 0.05 * random.nextGaussian(),
                    f2 + 0.05 * random.nextGaussian(), -f1 + 0.5 * f2 + 0.05 * random.nextGaussian()};
            data.add(RowFactory.create("row-" + i, values[i][0], values[i][1], values[i][2], values[i][3], i % 4 == 0 ? null : 1.0 * i,
                    i % 3 == 0 ? "red" : "blue", null));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType).add("gappy", DataTypes.DoubleType)
                .add("colour", DataTypes.StringType).add("empty", DataTypes.DoubleType);
        rows = session.spark().createDataFrame(data, schema);
    }

    @Test
    void varianceSharesAndLoadingsAreTheCovariancesEigenDecomposition() {
        PrincipalComponents.Fitted fitted = PrincipalComponents.fit(rows, Optional.of(List.of("a", "b", "c", "d")), List.of(), Optional.of("id"),
                OptionalInt.empty(), 0.99, false);
        EigenDecomposition eigen = new EigenDecomposition(new Covariance(new Array2DRowRealMatrix(values)).getCovarianceMatrix());
        double[] eigenvalues = eigen.getRealEigenvalues().clone();
        Arrays.sort(eigenvalues);
        double trace = Arrays.stream(eigenvalues).sum();
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = eigenvalues[3 - i] / trace;
        }
        assertArrayEquals(expected, fitted.varianceShares(), 1e-9);
        assertEquals(2, fitted.k(), "two hidden factors: two components keep 99% of the variance");
        // Each kept component is an eigenvector of the covariance (up to sign).
        for (int component = 0; component < fitted.k(); component++) {
            double[] loading = new double[4];
            for (int r = 0; r < 4; r++) {
                loading[r] = fitted.loadings()[r][component];
            }
            double[] eigenvector = eigen.getEigenvector(indexOf(eigen.getRealEigenvalues(), eigenvalues[3 - component])).toArray();
            double dot = 0;
            for (int r = 0; r < 4; r++) {
                dot += loading[r] * eigenvector[r];
            }
            assertEquals(1.0, Math.abs(dot), 1e-6, "component " + (component + 1));
        }
        long reduced = PrincipalComponents.transform(fitted, rows, Optional.of("id")).count();
        assertEquals(ROWS, reduced);
    }

    @Test
    void gapsAreImputedEmptyColumnsLeftOutAndLevelsOneHot() {
        PrincipalComponents.Fitted fitted = PrincipalComponents.fit(rows, Optional.empty(), List.of("colour"), Optional.of("id"),
                OptionalInt.of(3), 0.95, true);
        assertEquals(Map.of("empty", "no value in any row"), fitted.leftOut());
        assertEquals(ROWS / 4, fitted.imputed().get("gappy"));
        assertEquals(0L, fitted.imputed().get("a"));
        assertEquals(List.of("a", "b", "c", "d", "gappy", "colour=blue", "colour=red", "colour=(missing or unseen)"), fitted.columns());
        assertEquals(3, fitted.k());
        assertTrue(fitted.keptShare() > 0 && fitted.keptShare() <= 1, "kept share " + fitted.keptShare());
    }

    @Test
    void fewerThanTwoRowsStopWithInvalidInput() {
        FitscoreException e = assertThrows(FitscoreException.class, () -> PrincipalComponents.fit(rows.limit(1),
                Optional.of(List.of("a", "b")), List.of(), Optional.empty(), OptionalInt.empty(), 0.95, true));
        assertEquals(ExitCode.INPUT_INVALID, e.exitCode());
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    private static int indexOf(double[] array, double value) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " not found");
    }
}
