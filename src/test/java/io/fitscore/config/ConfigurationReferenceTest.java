package io.fitscore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

import com.sun.source.util.JavacTask;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * docs/configuration.md's reference table is generated from the code: every key of every {@code @ConfigMapping}
 * interface, its environment variable, its default (application.properties' value where it sets one) and its Javadoc.
 * The test fails when the page is not what the code says (a key added, renamed or re-documented) and when a key has
 * no Javadoc. {@code ./mvnw test -Dtest=ConfigurationReferenceTest -Dfitscore.write-docs=true} rewrites the table.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- generated from the @ConfigMapping interfaces by ConfigurationReferenceTest: edit their Javadoc, not this table -->";
    private static final String END = "<!-- end of the generated table -->";

    /** One key: its name, environment variable, default and meaning. */
    record Key(String name, String env, String defaultValue, String meaning) {
    }

    @Test
    void theConfigurationPageListsEveryKeyOfEveryMappingWithItsJavadoc() throws IOException {
        List<Class<?>> roots = mappingRoots();
        assertTrue(roots.size() >= 8, "the @ConfigMapping roots were not found: " + roots);
        Map<String, String> docs = javadocs(roots);
        Properties shipped = applicationProperties();
        StringBuilder table = new StringBuilder();
        List<String> undocumented = new ArrayList<>();
        for (Class<?> root : roots) {
            String prefix = root.getAnnotation(ConfigMapping.class).prefix();
            List<Key> keys = new ArrayList<>();
            walk(root, prefix, docs, shipped, keys, undocumented);
            table.append("\n### `").append(prefix).append(".*` (").append(root.getSimpleName()).append(")\n\n");
            Optional.ofNullable(docs.get(root.getName())).filter(d -> !d.isEmpty()).ifPresent(d -> table.append(firstSentence(d)).append("\n\n"));
            table.append("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
            for (Key k : keys) {
                table.append("| `").append(k.name()).append("` | `").append(k.env()).append("` | ").append(k.defaultValue()).append(" | ")
                        .append(k.meaning()).append(" |\n");
            }
        }
        String generated = BEGIN + "\n" + table + "\n" + END;
        assertTrue(undocumented.isEmpty(), "configuration keys without Javadoc (document them on their @ConfigMapping method): " + undocumented);

        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, PAGE + " has no generated table between its markers");
        String current = page.substring(begin, end + END.length());
        if (Boolean.getBoolean("fitscore.write-docs")) {
            Files.writeString(PAGE, page.substring(0, begin) + generated + page.substring(end + END.length()), StandardCharsets.UTF_8);
            return;
        }
        if (!current.equals(generated)) {
            fail(PAGE + " does not list the configuration the code has; rewrite it with "
                    + "./mvnw test -Dtest=ConfigurationReferenceTest -Dfitscore.write-docs=true\n" + firstDifference(current, generated));
        }
    }

    /** The table is made by the rules Quarkus applies: kebab-case names, nested groups, maps, env names. */
    @Test
    void keyAndEnvironmentNamesFollowQuarkusRules() {
        assertEquals("bytes-per-shuffle-partition", kebab("bytesPerShufflePartition"));
        assertEquals("FITSCORE_SPARK_BYTES_PER_SHUFFLE_PARTITION", env("fitscore.spark.bytes-per-shuffle-partition"));
        assertEquals("FITSCORE_CSV_TYPES__COLUMN_", env("fitscore.csv.types.\"column\""));
    }

    private static List<Class<?>> mappingRoots() {
        List<Class<?>> roots = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.fitscore")) {
            if (c.isAnnotatedWith(ConfigMapping.class)) {
                roots.add(c.reflect());
            }
        }
        roots.sort(Comparator.comparing((Class<?> c) -> c.getAnnotation(ConfigMapping.class).prefix()).thenComparing(Class::getName));
        return roots;
    }

    private static void walk(Class<?> group, String prefix, Map<String, String> docs, Properties shipped, List<Key> keys, List<String> undocumented) {
        for (Method m : declaredInSourceOrder(group, docs)) {
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + Optional.ofNullable(m.getAnnotation(WithName.class)).map(WithName::value).orElse(kebab(m.getName()));
            Type type = m.getGenericReturnType();
            Class<?> raw = rawType(type);
            boolean optional = raw == Optional.class || raw.getSimpleName().startsWith("Optional");
            if (raw == Optional.class) {
                type = ((ParameterizedType) type).getActualTypeArguments()[0];
                raw = rawType(type);
            }
            if (isGroup(raw)) {
                walk(raw, name, docs, shipped, keys, undocumented);
                continue;
            }
            String doc = docs.getOrDefault(group.getName() + "#" + m.getName(), "");
            if (doc.isEmpty()) {
                undocumented.add(name);
            }
            boolean isMap = raw == Map.class;
            String key = isMap ? name + ".\"<name>\"" : name;
            String fallback = Optional.ofNullable(m.getAnnotation(WithDefault.class)).map(d -> "`" + escape(d.value()) + "`")
                    .orElse(isMap ? "none" : optional ? "unset" : "required");
            String value = shipped.getProperty(name);
            String defaultValue = value == null ? fallback : "`" + escape(value) + "` (application.properties)";
            keys.add(new Key(key, env(isMap ? name + ".\"name\"" : name).replace("_NAME_", "_<NAME>_"), defaultValue, escape(doc)));
        }
    }

    private static boolean isGroup(Class<?> raw) {
        return raw.isInterface() && raw.getName().startsWith("io.fitscore.") && raw.getEnclosingClass() != null;
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : Object.class;
    }

    /** The interface's accessors in the order its source declares them (the order docs reads best in). */
    private static List<Method> declaredInSourceOrder(Class<?> group, Map<String, String> docs) {
        List<String> order = List.of(docs.getOrDefault(group.getName() + "#", "").split(","));
        List<Method> methods = new ArrayList<>();
        for (Method m : group.getDeclaredMethods()) {
            if (!m.isDefault() && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && !m.isSynthetic()) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparingInt((Method m) -> order.indexOf(m.getName())).thenComparing(Method::getName));
        return methods;
    }

    /**
     * The Javadoc of each mapping type ("binary name") and accessor ("binary name#method"), read from the sources by
     * the JDK's compiler; "binary name#" holds the accessors' names in source order.
     */
    private static Map<String, String> javadocs(List<Class<?>> roots) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Map<String, String> docs = new HashMap<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<Path> sources = roots.stream().map(c -> Path.of("src/main/java", c.getName().replace('.', '/') + ".java")).toList();
            JavacTask task = (JavacTask) compiler.getTask(null, files, null,
                    List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null, files.getJavaFileObjectsFromPaths(sources));
            for (Element e : task.analyze()) {
                if (e instanceof TypeElement t) {
                    collect(t, task, docs);
                }
            }
        }
        return docs;
    }

    private static void collect(TypeElement type, JavacTask task, Map<String, String> docs) {
        String binary = task.getElements().getBinaryName(type).toString();
        docs.put(binary, clean(task.getElements().getDocComment(type)));
        List<String> order = new ArrayList<>();
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.METHOD) {
                order.add(member.getSimpleName().toString());
                docs.put(binary + "#" + member.getSimpleName(), clean(task.getElements().getDocComment(member)));
            } else if (member instanceof TypeElement nested) {
                collect(nested, task, docs);
            }
        }
        docs.put(binary + "#", String.join(",", order));
    }

    /** Javadoc as one Markdown line: code spans for {@code}, the member's name for {@link}, no tags or HTML. */
    static String clean(String javadoc) {
        if (javadoc == null) {
            return "";
        }
        String s = javadoc.replaceAll("(?m)^\\s*@\\w+.*$", " ");
        s = replaceAll(s, Pattern.compile("\\{@code ([^}]*)}"), m -> "`" + m.group(1) + "`");
        s = replaceAll(s, Pattern.compile("\\{@link(?:plain)? (?:[\\w.]*#)?([\\w.]+)(?:\\([^)]*\\))?[^}]*}"), m -> "`" + kebab(m.group(1)) + "`");
        s = s.replaceAll("</?(p|br|em|b|i|ul|ol|li)>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String replaceAll(String s, Pattern p, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        return m.appendTail(out).toString();
    }

    private static String firstSentence(String doc) {
        int end = doc.indexOf(". ");
        return end < 0 ? doc : doc.substring(0, end + 1);
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    /** SmallRye's default naming: {@code joinKey} is {@code join-key}. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable of a key (Quarkus: every character but letters and digits becomes '_', upper case). */
    static String env(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static String firstDifference(String current, String generated) {
        String[] a = current.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "(nothing)";
            String y = i < b.length ? b[i] : "(nothing)";
            if (!x.equals(y)) {
                return "first difference, line " + (i + 1) + " of the table:\n  page: " + x + "\n  code: " + y;
            }
        }
        return "";
    }
}
