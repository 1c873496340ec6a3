package dev.tributary.bootstrap.cli;

/** The progress bar the long-running commands draw: {@code [#####.....] 3/10}. */
final class ProgressBar {
    static final int WIDTH = 20;

    private ProgressBar() {
    }

    /** {@code done} of {@code total} (a total below done counts as done). */
    static String of(long done, long total) {
        long all = Math.max(done, total);
        int filled = all == 0 ? 0 : (int) (WIDTH * done / all);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + all;
    }
}
