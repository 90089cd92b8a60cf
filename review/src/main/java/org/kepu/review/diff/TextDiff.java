package org.kepu.review.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two extracted texts, by longest common subsequence after trimming the common head and
 * tail. Texts whose changed middle is too large for the table fall back to one replacement, which is
 * still correct, only coarser.
 */
public final class TextDiff {

    /** Cells of the LCS table at most: 4M ints, 16 MB. */
    static final long MAX_CELLS = 4_000_000L;

    public enum Op {
        EQUAL,
        DELETE,
        INSERT
    }

    /**
     * A run of lines. {@code fromLine} and {@code toLine} are the 1-based positions of the run in each
     * text; unchanged runs carry only their length, changed ones their lines.
     */
    public record Chunk(Op op, int fromLine, int toLine, int count, List<String> lines) {
        public Chunk {
            lines = List.copyOf(lines);
        }
    }

    private TextDiff() {}

    public static List<Chunk> lines(String from, String to) {
        List<String> a = split(from);
        List<String> b = split(to);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head
                && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            ops.add(Op.EQUAL);
        }
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), ops);
        for (int i = 0; i < tail; i++) {
            ops.add(Op.EQUAL);
        }
        return chunks(ops, a, b);
    }

    private static void middle(List<String> a, List<String> b, List<Op> ops) {
        int n = a.size();
        int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            a.forEach(line -> ops.add(Op.DELETE));
            b.forEach(line -> ops.add(Op.INSERT));
            return;
        }
        // lcs[i][j]: length of the LCS of a[i..] and b[j..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                ops.add(Op.EQUAL);
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.add(Op.DELETE);
                i++;
            } else {
                ops.add(Op.INSERT);
                j++;
            }
        }
        for (; i < n; i++) {
            ops.add(Op.DELETE);
        }
        for (; j < m; j++) {
            ops.add(Op.INSERT);
        }
    }

    private static List<Chunk> chunks(List<Op> ops, List<String> a, List<String> b) {
        List<Chunk> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        int k = 0;
        while (k < ops.size()) {
            Op op = ops.get(k);
            int fromLine = i + 1;
            int toLine = j + 1;
            List<String> lines = new ArrayList<>();
            int count = 0;
            while (k < ops.size() && ops.get(k) == op) {
                switch (op) {
                    case EQUAL -> {
                        i++;
                        j++;
                    }
                    case DELETE -> lines.add(a.get(i++));
                    case INSERT -> lines.add(b.get(j++));
                }
                count++;
                k++;
            }
            out.add(new Chunk(op, fromLine, toLine, count, lines));
        }
        return out;
    }

    private static List<String> split(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
