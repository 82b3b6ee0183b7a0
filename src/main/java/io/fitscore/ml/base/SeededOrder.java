package io.fitscore.ml.base;

import java.util.Random;

/** A seeded order of row indices, for the inner splits fitscore's trainers make of the rows they are given. */
public final class SeededOrder {

    private SeededOrder() {
    }

    /** 0..n-1 in the order of a Fisher-Yates shuffle by {@code new Random(seed)}: the same order for the same seed. */
    public static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
