package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.failure.FitscoreException;
import io.fitscore.testing.LocalSpark;
import io.fitscore.validate.InputValidator;

/** The driver's schema inference gives what Spark's own CSV inference gives as a job, on lines of every kind. */
class CsvSchemaTest {

    @RegisterExtension
    static final LocalSpark job = new LocalSpark(2);

    /** The schema Spark infers in a job, names cleaned as fitscore reads them. */
    private static StructType spark(List<String> lines, String delimiter) {
        StructType inferred = job.spark().read().options(CsvSchema.readOptions(delimiter)).option("inferSchema", "true")
                .csv(job.spark().createDataset(lines, Encoders.STRING())).schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : inferred.fields()) {
            fields.add(new StructField(InputValidator.cleanName(f.name()), f.dataType(), true, Metadata.empty()));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static void same(String delimiter, String... lines) {
        List<String> list = List.of(lines);
        assertEquals(spark(list, delimiter), CsvSchema.infer(list, delimiter, Map.of()), String.join(" | ", lines));
    }

    @Test
    void typesAsSparkInfersThem() {
        same(",", "id,small,big,ratio,flag,when,stamp,text,empty,mixed",
                "1,3,12345678901,0.5,true,2024-01-02,2024-01-02 10:11:12,a,,1",
                "2,-4,-12345678901,1e3,false,2024-02-03,2024-02-03T01:02:03,\"b, c\",,x",
                "3,,1,NaN,,,,\"say \"\"hi\"\"\",,2.5");
        same(",", "a,b,c", "1.0,2,Infinity", "-Infinity,3.25,1", "1.5,,-2");
        same(",", "x,y", "007,1.", "8,.5");
    }

    @Test
    void headersAndRaggedRowsAsSparkReadsThem() {
        // Duplicate, empty and padded names; rows with too few and too many fields; blank lines; the header repeated.
        same(",", " a ,a,,b\u00a0", "1,2", "3,4,5,6,7", "", "   ", " a ,a,,b\u00a0", "8,9,10,x");
        same(";", "k;v", "1;2,5", "2;3,0");
        same(",", "only header");
        same(",");
    }

    @Test
    void declaredTypesWinAndUnknownOnesAreConfigErrors() {
        StructType s = CsvSchema.infer(List.of("id,score", "1,2"), ",", Map.of("id", "string", "score", "double"));
        assertEquals(DataTypes.StringType, s.apply("id").dataType());
        assertEquals(DataTypes.DoubleType, s.apply("score").dataType());
        assertThrows(FitscoreException.class, () -> CsvSchema.infer(List.of("id", "1"), ",", Map.of("id", "complex")));
    }
}
