package dev.tributary.bench;

import java.util.List;

/**
 * One figure against its baseline measured in the same run, round by round (alternating which side goes first),
 * judged on the ratio of the medians.
 */
record Comparison(String figure, String unit, List<Double> subject, List<Double> baseline, double goalRatio,
                  String setup) {
    Comparison {
        subject = List.copyOf(subject);
        baseline = List.copyOf(baseline);
    }

    double subjectMedian() {
        return median(subject);
    }

    double baselineMedian() {
        return median(baseline);
    }

    double ratio() {
        return subjectMedian() / baselineMedian();
    }

    boolean met() {
        return ratio() >= goalRatio;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
