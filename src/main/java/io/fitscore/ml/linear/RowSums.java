package io.fitscore.ml.linear;

/**
 * The sums over a set of rows that least squares needs, and nothing more: the count, Σx, Σy, Σy², Σxxᵀ and Σxy.
 * Sums of disjoint sets add up, so the sums of every fold's training part are the whole set's minus the fold's:
 * one pass over the rows serves every fold. Rows arrive as their non-zero entries.
 */
final class RowSums {

    final int features;
    double count;
    final double[] x;
    final double[] xy;
    /** Σxxᵀ, row-major; only the upper triangle is summed, {@link #mirror()} fills the rest. */
    final double[] xx;
    double y;
    double yy;

    RowSums(int features) {
        this.features = features;
        x = new double[features];
        xy = new double[features];
        xx = new double[features * features];
    }

    /** Adds one row: {@code used} entries of {@code index} (ascending) and {@code value}, and its target. */
    void add(int[] index, double[] value, int used, double target) {
        count++;
        y += target;
        yy += target * target;
        int p = features;
        for (int a = 0; a < used; a++) {
            int i = index[a];
            double v = value[a];
            x[i] += v;
            xy[i] += v * target;
            int base = i * p;
            for (int b = a; b < used; b++) {
                xx[base + index[b]] += v * value[b];
            }
        }
    }

    /** Copies the upper triangle of Σxxᵀ into the lower. */
    void mirror() {
        int p = features;
        for (int i = 0; i < p; i++) {
            for (int j = i + 1; j < p; j++) {
                xx[j * p + i] = xx[i * p + j];
            }
        }
    }

    /** The sum of several disjoint sets. */
    static RowSums total(RowSums[] parts) {
        RowSums out = new RowSums(parts[0].features);
        for (RowSums part : parts) {
            out.count += part.count;
            out.y += part.y;
            out.yy += part.yy;
            add(out.x, part.x, 1);
            add(out.xy, part.xy, 1);
            add(out.xx, part.xx, 1);
        }
        return out;
    }

    /** These sums without a subset's. */
    RowSums minus(RowSums part) {
        RowSums out = new RowSums(features);
        out.count = count - part.count;
        out.y = y - part.y;
        out.yy = yy - part.yy;
        System.arraycopy(x, 0, out.x, 0, features);
        System.arraycopy(xy, 0, out.xy, 0, features);
        System.arraycopy(xx, 0, out.xx, 0, xx.length);
        add(out.x, part.x, -1);
        add(out.xy, part.xy, -1);
        add(out.xx, part.xx, -1);
        return out;
    }

    private static void add(double[] into, double[] from, double sign) {
        for (int i = 0; i < into.length; i++) {
            into[i] += sign * from[i];
        }
    }

    /**
     * The squared error over these rows of the linear prediction {@code intercept + Σ weight·x}, from the sums alone:
     * Σ(y - b - wᵀx)² = Σy² - 2bΣy - 2wᵀΣxy + nb² + 2b wᵀΣx + wᵀ(Σxxᵀ)w. Only non-zero weights cost anything.
     */
    double squaredError(double intercept, double[] weight) {
        int p = features;
        double b = intercept;
        double sse = yy - 2 * b * y + count * b * b;
        double quadratic = 0;
        for (int i = 0; i < p; i++) {
            double wi = weight[i];
            if (wi == 0) {
                continue;
            }
            sse += -2 * wi * xy[i] + 2 * b * wi * x[i];
            int base = i * p;
            double row = 0;
            for (int j = 0; j < p; j++) {
                double wj = weight[j];
                if (wj != 0) {
                    row += xx[base + j] * wj;
                }
            }
            quadratic += wi * row;
        }
        return Math.max(0, sse + quadratic);
    }
}
