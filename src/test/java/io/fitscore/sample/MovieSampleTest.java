package io.fitscore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fitscore.testing.CsvFixture;

class MovieSampleTest {

    @Test
    void deterministicForASeed() {
        assertEquals(MovieSample.generate(300, 5), MovieSample.generate(300, 5));
        assertNotEquals(MovieSample.generate(300, 5).preRelease(), MovieSample.generate(300, 6).preRelease());
    }

    @Test
    void hasTheCourseColumnsAndItsDirt() {
        MovieSample.Files files = MovieSample.generate(2000, 7);
        assertTrue(files.preRelease().startsWith(String.join(",", MovieSample.PRE_COLUMNS) + "\n"));
        assertTrue(files.afterRelease().startsWith(String.join(",", MovieSample.AFTER_COLUMNS) + "\n"));
        CsvFixture pre = CsvFixture.parse(files.preRelease());
        CsvFixture after = CsvFixture.parse(files.afterRelease());
        int title = pre.column("movie_title");
        List<List<String>> rows = pre.rows();
        assertTrue(rows.stream().filter(r -> r.get(title).endsWith("\u00a0")).count() > rows.size() * 0.9, "titles end with U+00A0");
        assertTrue(rows.stream().anyMatch(r -> r.get(title).endsWith("  ")), "some titles padded with spaces");
        assertTrue(rows.stream().anyMatch(r -> r.get(title).contains(",")), "some quoted titles with commas");
        assertTrue(rows.size() > pre.cleanRows("movie_title").size(), "exact duplicates");
        assertTrue(rows.stream().anyMatch(r -> r.get(pre.column("content_rating")).isEmpty()), "missing values");
        assertTrue(rows.stream().anyMatch(r -> r.get(pre.column("genres")).contains("|")), "multi-valued genres");
        assertTrue(rows.stream().anyMatch(r -> r.get(pre.column("budget")).contains("E")), "doubles like 1.0E7");
        long joined = CsvFixture.innerJoinCount(pre, after, "movie_title");
        assertTrue(joined > 800 && joined < 1300, "about half the titles join: " + joined);
    }
}
