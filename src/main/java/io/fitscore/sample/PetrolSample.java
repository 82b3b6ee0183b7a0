package io.fitscore.sample;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A single-table data set with a known truth: petrol consumption per US-like state from petrol tax,
 * average income, paved highways and the share of drivers' licences. Used to check that the model
 * recovers a function we know, within the noise we put in.
 */
public final class PetrolSample {

    public static final List<String> COLUMNS = List.of("state", "petrol_tax", "average_income", "paved_highways",
            "population_driver_licence_share", "petrol_consumption");
    /** The rows of the classic tutorial table this one is shaped like. */
    public static final int TUTORIAL_ROWS = 48;
    /** Standard deviation of the noise added to the true consumption. */
    public static final double NOISE_SD = 15.0;

    private PetrolSample() {
    }

    /** The true consumption for the given features. */
    public static double truth(double tax, double income, double highways, double licences) {
        return 380 - 32 * (tax - 7.5) - 0.065 * (income - 4300) + 0.004 * (highways - 5500) + 1300 * (licences - 0.57);
    }

    public static String generate(int rows, long seed) {
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder(CsvText.line(COLUMNS));
        for (int i = 0; i < rows; i++) {
            double tax = Math.round((5 + rnd.nextDouble() * 5) * 100) / 100.0;
            double income = Math.round(3000 + rnd.nextDouble() * 2600);
            double highways = Math.round(500 + rnd.nextDouble() * 17000);
            double licences = Math.round((0.45 + rnd.nextDouble() * 0.25) * 1000) / 1000.0;
            double consumption = truth(tax, income, highways, licences) + rnd.nextGaussian() * NOISE_SD;
            csv.append(CsvText.line(List.of("S" + i, Double.toString(tax), Long.toString((long) income), Long.toString((long) highways),
                    Double.toString(licences), String.format(Locale.ROOT, "%.1f", consumption))));
        }
        return csv.toString();
    }
}
