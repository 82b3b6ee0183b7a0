package io.fitscore.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator's CSV sampler: RFC 4180 quoting, line numbers, and where a sample is cut. */
class CsvSampleTest {

    @Test
    void quotedFieldsKeepDelimitersQuotesAndLineBreaks() {
        CsvSample s = CsvSample.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n4,5,6\n", ',', true);
        assertEquals(3, s.records.size());
        assertEquals(List.of("x, y", "say \"hi\"", "two\nlines"), s.records.get(1).fields());
        assertEquals(2, s.records.get(1).line());
        assertEquals(4, s.records.get(2).line(), "the quoted line break moves the next record to line 4");
        assertFalse(s.unbalancedQuote);
    }

    @Test
    void aRecordCutByTheSampleIsDroppedButTheWholeFileKeepsItsLastLine() {
        assertEquals(2, CsvSample.parse("a;b\n1;2\n3;", ';', false).records.size(), "the cut record '3;' is not judged");
        CsvSample whole = CsvSample.parse("a;b\n1;2\n3;4", ';', true);
        assertEquals(3, whole.records.size(), "no final newline: the last line still counts");
        assertEquals(List.of("3", "4"), whole.records.get(2).fields());
    }

    @Test
    void anOpenQuoteIsAnErrorOnlyWhenTheWholeFileWasRead() {
        CsvSample whole = CsvSample.parse("a,b\n1,2\n\"open,3\n4,5\n", ',', true);
        assertTrue(whole.unbalancedQuote);
        assertEquals(3, whole.unbalancedQuoteLine);
        assertFalse(CsvSample.parse("a,b\n1,2\n\"open,3\n4,5\n", ',', false).unbalancedQuote,
                "a sample may end inside a long quoted field");
    }
}
