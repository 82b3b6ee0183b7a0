package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates course-like movie data: {@code pre_release.csv} (facts known before release) and
 * {@code after_release.csv} (the IMDB score and other after-release counts), deterministic for a seed.
 *
 * <p>It reproduces the course data's dirt: titles ending in U+00A0 or padded with spaces, quoted
 * titles with commas, exact and near duplicate rows, remakes sharing a title, titles present in only
 * one file, missing values, multi-valued genres and doubles written as {@code 110.0} or {@code 1.0E7}.
 * The score has a real signal in duration, genres, language, rating, budget and director popularity,
 * while after-release columns are driven by the score (leakage, if used as features).
 */
public final class MovieSample {

    public static final List<String> PRE_COLUMNS = List.of("director_name", "duration", "director_facebook_likes",
            "actor_3_facebook_likes", "actor_2_name", "actor_1_facebook_likes", "genres", "actor_1_name", "movie_title",
            "cast_total_facebook_likes", "actor_3_name", "language", "country", "content_rating", "budget",
            "actor_2_facebook_likes");
    public static final List<String> AFTER_COLUMNS = List.of("num_critic_for_reviews", "gross", "movie_title",
            "num_voted_users", "num_user_for_reviews", "imdb_score", "movie_facebook_likes");

    private static final String[] GENRES = {"Action", "Adventure", "Animation", "Biography", "Comedy", "Crime",
        "Documentary", "Drama", "Family", "Fantasy", "History", "Horror", "Music", "Musical", "Mystery", "Romance",
        "Sci-Fi", "Sport", "Thriller", "War", "Western"};
    private static final double[] GENRE_EFFECT = {-0.15, -0.05, 0.35, 0.4, -0.25, 0.1, 0.7, 0.45, -0.2, -0.05, 0.3,
        -0.75, 0.05, 0.0, 0.05, -0.05, -0.05, 0.05, -0.15, 0.3, 0.1};
    private static final String[] LANGUAGES = {"English", "French", "Spanish", "German", "Hindi", "Mandarin", "Japanese", "Italian", "Korean"};
    private static final double[] LANGUAGE_WEIGHT = {0.9, 0.025, 0.02, 0.012, 0.01, 0.01, 0.008, 0.008, 0.007};
    private static final String[] COUNTRIES = {"USA", "UK", "France", "Canada", "Germany", "India", "Australia", "China", "Japan", "Spain"};
    private static final double[] COUNTRY_WEIGHT = {0.74, 0.09, 0.04, 0.03, 0.025, 0.015, 0.02, 0.012, 0.01, 0.018};
    private static final String[] RATINGS = {"R", "PG-13", "PG", "G", "Not Rated", "Unrated", "NC-17", "TV-14"};
    private static final double[] RATING_WEIGHT = {0.45, 0.3, 0.14, 0.03, 0.03, 0.02, 0.01, 0.02};
    private static final double[] RATING_EFFECT = {0.15, -0.15, -0.1, 0.1, 0.3, 0.3, 0.1, 0.2};
    private static final String[] WORDS = {"Night", "River", "Empire", "Shadow", "Summer", "Last", "Silent", "Broken",
        "Golden", "Lost", "City", "Dream", "Storm", "Heart", "Road", "Secret", "Winter", "Fire", "Glass", "Iron",
        "Stranger", "Garden", "Ocean", "Promise", "Hunter", "Kingdom", "Letter", "Morning", "Echo", "Wild"};
    private static final String[] FIRST = {"Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hugo", "Ines",
        "Jack", "Kate", "Leo", "Maria", "Nick", "Olga", "Paul", "Rosa", "Sam", "Tina", "Victor", "Will", "Yara", "Zoe", "Omar"};
    private static final String[] LAST = {"Adams", "Baker", "Chen", "Dumont", "Evans", "Fischer", "Garcia", "Hughes",
        "Ito", "Jansen", "Khan", "Lopez", "Moreau", "Novak", "Olsen", "Peters", "Quinn", "Rossi", "Schmidt", "Tanaka",
        "Vega", "Walsh", "Young", "Zimmer", "Mertens", "Claes"};

    /** The two CSV files' text. */
    public record Files(String preRelease, String afterRelease, int movies) {
    }

    private MovieSample() {
    }

    public static Files generate(int movies, long seed) {
        StringBuilder pre = new StringBuilder();
        StringBuilder after = new StringBuilder();
        try {
            generate(movies, seed, pre, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return new Files(pre.toString(), after.toString(), movies);
    }

    /**
     * Streams the two files' lines to the given sinks, so that inputs far larger than the heap (the
     * benchmarks' millions of rows) can be written; same text as {@link #generate(int, long)}.
     */
    public static void generate(long movies, long seed, Appendable pre, Appendable after) throws IOException {
        Random rnd = new Random(seed);
        List<String> directors = names(rnd, (int) Math.max(20, movies / 5));
        List<String> actors = names(rnd, (int) Math.max(40, movies / 2));
        Map<String, Double> directorLikes = new LinkedHashMap<>();
        for (String d : directors) {
            directorLikes.put(d, Math.floor(Math.exp(rnd.nextGaussian() * 2.0 + 5.0)));
        }
        pre.append(CsvText.line(PRE_COLUMNS));
        after.append(CsvText.line(AFTER_COLUMNS));
        List<String> titles = new ArrayList<>();
        for (long m = 0; m < movies; m++) {
            // About 3% are remakes of an earlier title; some titles carry commas and must be quoted.
            String title = m > 10 && rnd.nextDouble() < 0.03 ? titles.get(rnd.nextInt(titles.size())) : title(rnd, m);
            titles.add(title);
            String director = rnd.nextDouble() < 0.003 ? null : directors.get(rnd.nextInt(directors.size()));
            double duration = Math.round(Math.max(60, Math.min(220, 107 + rnd.nextGaussian() * 20)));
            int genreCount = 1 + rnd.nextInt(4);
            List<String> genres = new ArrayList<>();
            double genreEffect = 0;
            for (int g = 0; g < genreCount; g++) {
                int gi = rnd.nextInt(GENRES.length);
                if (!genres.contains(GENRES[gi])) {
                    genres.add(GENRES[gi]);
                    genreEffect += GENRE_EFFECT[gi];
                }
            }
            genres.sort(String::compareTo);
            int language = pick(rnd, LANGUAGE_WEIGHT);
            int country = language == 0 ? pick(rnd, COUNTRY_WEIGHT) : rnd.nextInt(COUNTRIES.length);
            int rating = pick(rnd, RATING_WEIGHT);
            double budget = Math.round(Math.exp(rnd.nextGaussian() * 1.1 + 16.8) / 1000) * 1000.0;
            double dLikes = director == null ? 0 : directorLikes.get(director);
            double a1 = Math.floor(Math.exp(rnd.nextGaussian() * 1.8 + 7.5));
            double a2 = Math.floor(a1 * rnd.nextDouble() * 0.8);
            double a3 = Math.floor(a2 * rnd.nextDouble() * 0.8);
            double score = 6.1 + 0.016 * (duration - 107) + genreEffect + (language == 0 ? 0 : 0.45) + RATING_EFFECT[rating]
                    + 0.12 * (Math.log10(dLikes + 1) - 2) - 0.12 * (Math.log(budget) - 16.8) + 0.04 * (Math.log10(a1 + 1) - 3)
                    + rnd.nextGaussian() * 0.55;
            score = Math.round(Math.max(1.6, Math.min(9.3, score)) * 10) / 10.0;

            List<String> p = new ArrayList<>();
            p.add(director);
            p.add(rnd.nextDouble() < 0.002 ? null : Double.toString(duration));
            p.add(director == null ? null : Double.toString(dLikes));
            p.add(rnd.nextDouble() < 0.007 ? null : Double.toString(a3));
            p.add(rnd.nextDouble() < 0.005 ? null : actors.get(rnd.nextInt(actors.size())));
            p.add(Double.toString(a1));
            p.add(String.join("|", genres));
            p.add(actors.get(rnd.nextInt(actors.size())));
            p.add(dirtyTitle(rnd, title));
            p.add(Long.toString((long) (a1 + a2 + a3 + rnd.nextInt(500))));
            p.add(rnd.nextDouble() < 0.007 ? null : actors.get(rnd.nextInt(actors.size())));
            p.add(rnd.nextDouble() < 0.004 ? null : LANGUAGES[language]);
            p.add(rnd.nextDouble() < 0.001 ? null : COUNTRIES[country]);
            p.add(rnd.nextDouble() < 0.08 ? null : RATINGS[rating]);
            p.add(Double.toString(budget));
            p.add(Double.toString(a2));
            pre.append(CsvText.line(p));
            if (rnd.nextDouble() < 0.006) {
                pre.append(CsvText.line(p));
            } else if (rnd.nextDouble() < 0.01) {
                List<String> near = new ArrayList<>(p);
                near.set(9, Long.toString(Long.parseLong(p.get(9)) + 1));
                pre.append(CsvText.line(near));
            }

            // About half of the titles have after-release data, as in the course files.
            if (rnd.nextDouble() < 0.5) {
                double votes = Math.floor(Math.exp(1.1 * score + rnd.nextGaussian() * 0.8 + 3.0));
                List<String> a = new ArrayList<>();
                a.add(rnd.nextDouble() < 0.002 ? null : Double.toString(Math.floor(votes / 150 + rnd.nextInt(20))));
                a.add(Double.toString(Math.round(budget * Math.exp(rnd.nextGaussian() * 0.9 + 0.1 * (score - 6)))));
                a.add(dirtyTitle(rnd, title));
                a.add(Long.toString((long) votes));
                a.add(rnd.nextDouble() < 0.001 ? null : Double.toString(Math.floor(votes / 90 + rnd.nextInt(10))));
                a.add(Double.toString(score));
                a.add(Long.toString(rnd.nextDouble() < 0.4 ? 0 : (long) (votes * rnd.nextDouble())));
                after.append(CsvText.line(a));
                if (rnd.nextDouble() < 0.005) {
                    after.append(CsvText.line(a));
                }
            }
        }
        // A few after-release rows for films the pre-release file does not have.
        for (int extra = 0; extra < Math.max(2, movies / 100); extra++) {
            List<String> a = List.of("10.0", "100000.0", "Unreleased " + WORDS[extra % WORDS.length] + " " + extra + "\u00a0",
                    "100", "5.0", "5.5", "0");
            after.append(CsvText.line(a));
        }
    }

    private static String title(Random rnd, long m) {
        String a = WORDS[rnd.nextInt(WORDS.length)];
        String b = WORDS[rnd.nextInt(WORDS.length)];
        return switch (rnd.nextInt(12)) {
            case 0 -> a + ", " + b + " " + m;
            case 1, 2 -> "The " + a + " of " + b + " " + m;
            default -> a + " " + b + " " + m;
        };
    }

    /** Most course titles end with a no-break space; a few are padded with ordinary spaces. */
    private static String dirtyTitle(Random rnd, String title) {
        double r = rnd.nextDouble();
        if (r < 0.003) {
            return title + "         ";
        }
        if (r < 0.005) {
            return title;
        }
        return title + "\u00a0";
    }

    private static List<String> names(Random rnd, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)] + (i >= FIRST.length * 3 ? " " + i : ""));
        }
        return out;
    }

    private static int pick(Random rnd, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = rnd.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
