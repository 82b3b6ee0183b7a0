package io.fitscore.ml.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * An averaged ensemble's contributions: its members' contributions and base values averaged with the ensemble's own
 * weights, so they add up to the ensemble's prediction as each member's add up to its own.
 */
public final class AveragedContributions implements Contributions {

    private static final long serialVersionUID = 1L;

    private final List<Contributions> members;
    private final double[] shares;

    /** Members with one convention for absent features, and their weights (any positive scale). */
    public AveragedContributions(List<Contributions> members, float[] weights) {
        if (members.isEmpty() || members.size() != weights.length) {
            throw new IllegalArgumentException(members.size() + " members for " + weights.length + " weights");
        }
        for (Contributions member : members) {
            if (Double.compare(member.absent(), members.get(0).absent()) != 0) {
                throw new IllegalArgumentException("members disagree on the value of an absent feature");
            }
        }
        this.members = List.copyOf(members);
        double sum = 0;
        for (float w : weights) {
            sum += w;
        }
        shares = new double[weights.length];
        for (int m = 0; m < weights.length; m++) {
            shares[m] = weights[m] / sum;
        }
    }

    @Override
    public String method() {
        return "the blend's weighted members: " + members.stream().map(Contributions::method).distinct().collect(java.util.stream.Collectors.joining("; "));
    }

    @Override
    public double nanosPerRow() {
        return members.stream().mapToDouble(Contributions::nanosPerRow).sum();
    }

    @Override
    public double absent() {
        return members.get(0).absent();
    }

    @Override
    public Session open() {
        List<Session> sessions = new ArrayList<>();
        for (Contributions member : members) {
            sessions.add(member.open());
        }
        return new Session() {
            private double[] memberOut = new double[0];

            @Override
            public void contributions(double[] features, int rows, int width, double[] out) {
                int n = rows * (width + 1);
                if (memberOut.length < n) {
                    memberOut = new double[n];
                }
                java.util.Arrays.fill(out, 0, n, 0.0);
                for (int m = 0; m < sessions.size(); m++) {
                    sessions.get(m).contributions(features, rows, width, memberOut);
                    double share = shares[m];
                    for (int i = 0; i < n; i++) {
                        out[i] += share * memberOut[i];
                    }
                }
            }
        };
    }
}
