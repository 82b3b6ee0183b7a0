package io.fitscore.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fitscore.json.JsonDocuments;

/**
 * A run's report.html: self-contained (uPlot's script and style inlined, the data as JSON in the page),
 * so it opens from S3 or disk with no network. Charts are drawn by uPlot in the browser from the chart
 * specs; headline figures and tables are plain HTML, so they are readable (and testable) without script.
 */
public final class HtmlReport {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final ObjectMapper JSON = JsonDocuments.MAPPER;

    private final String title;
    private final Map<String, String> headline = new LinkedHashMap<>();
    private final List<Object> charts = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A scatter of points (x, y), e.g. predicted against actual; {@code diagonal} adds the line y = x. */
    public record Scatter(String kind, String title, String xLabel, String yLabel, double[] x, double[] y, List<String> groups,
            boolean diagonal) {
        public Scatter(String title, String xLabel, String yLabel, double[] x, double[] y, List<String> groups, boolean diagonal) {
            this("scatter", title, xLabel, yLabel, x, y, groups, diagonal);
        }
    }

    /** Bars per category for one or more named series (e.g. ALS and the baseline), optionally a line series too. */
    public record Bars(String kind, String title, String yLabel, List<String> categories, Map<String, double[]> series,
            Map<String, double[]> lines) {
        public Bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
            this("bars", title, yLabel, categories, series, Map.of());
        }

        public Bars(String title, String yLabel, List<String> categories, Map<String, double[]> series, Map<String, double[]> lines) {
            this("bars", title, yLabel, categories, series, lines);
        }
    }

    /** A headline figure shown at the top, e.g. "holdout R2" -> "0.412". */
    public HtmlReport figure(String name, String value) {
        headline.put(name, value);
        return this;
    }

    public HtmlReport chart(Object chart) {
        charts.add(chart);
        return this;
    }

    /** A table section: a header row and rows of cells, all escaped. */
    public HtmlReport table(String heading, List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder("<section><h2>").append(escape(heading)).append("</h2><table><tr>");
        header.forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
        s.append("</tr>");
        for (List<String> row : rows) {
            s.append("<tr>");
            row.forEach(c -> s.append("<td>").append(escape(c)).append("</td>"));
            s.append("</tr>");
        }
        sections.add(s.append("</table></section>").toString());
        return this;
    }

    /** A section showing a document (e.g. the effective configuration) as indented JSON. */
    public HtmlReport json(String heading, Object document) {
        sections.add("<section><h2>" + escape(heading) + "</h2><pre>" + escape(toJson(document)) + "</pre></section>");
        return this;
    }

    public String render() {
        StringBuilder s = new StringBuilder(80_000);
        s.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title><style>")
                .append(resource(UPLOT + "uPlot.min.css")).append(STYLE).append("</style></head><body><h1>").append(escape(title))
                .append("</h1><dl class=\"headline\">");
        headline.forEach((k, v) -> s.append("<div><dt>").append(escape(k)).append("</dt><dd>").append(escape(v)).append("</dd></div>"));
        s.append("</dl><div id=\"charts\"></div>");
        sections.forEach(s::append);
        // </ inside the JSON would end the script element early; \u003c keeps it inert.
        s.append("<script type=\"application/json\" id=\"fitscore-charts\">").append(toJson(charts).replace("</", "\\u003c/"))
                .append("</script><script>").append(resource(UPLOT + "uPlot.iife.min.js")).append("</script><script>")
                .append(resource("report/charts.js")).append("</script></body></html>");
        return s.toString();
    }

    private static String toJson(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data cannot be written as JSON", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
            h1{font-size:22px}h2{font-size:17px;margin-top:28px}
            .headline{display:flex;flex-wrap:wrap;gap:12px}.headline div{border:1px solid #ddd;border-radius:6px;padding:8px 14px}
            .headline dt{font-size:12px;color:#666}.headline dd{margin:0;font-size:20px;font-weight:600}
            #charts{display:flex;flex-wrap:wrap;gap:20px;margin-top:20px}.chart{border:1px solid #eee;padding:6px}
            .chart h3{font-size:14px;margin:4px 0 6px}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
            th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}pre{font-size:12px;background:#f8f8f8;padding:8px}
            """;
}
