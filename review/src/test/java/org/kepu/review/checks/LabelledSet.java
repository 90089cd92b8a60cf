package org.kepu.review.checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A labelled sentence set and the precision and recall of the screening on it. */
final class LabelledSet {

    enum Expected {
        ASSERTED,
        REFUTED,
        REPORTED,
        NEUTRAL,
        WRONG_VALUE,
        RIGHT_VALUE
    }

    record Item(int line, Expected expected, String family, String text) {
        boolean blockerExpected() {
            return expected == Expected.ASSERTED || expected == Expected.WRONG_VALUE;
        }
    }

    /** Counts for one row of the table. */
    static final class Counts {
        int tp;
        int fp;
        int fn;

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    /** What the screening found for one item, limited to the science-content rules. */
    record Outcome(Item item, List<Finding> findings) {
        boolean blocked(String rule) {
            return findings.stream().anyMatch(f -> f.isBlocker() && f.rule().equals(rule));
        }

        boolean warned(String rule) {
            return findings.stream()
                    .anyMatch(f -> f.severity() == Severity.WARNING && f.rule().equals(rule));
        }

        boolean anyBlocker() {
            return findings.stream().anyMatch(Finding::isBlocker);
        }

        boolean anyWarningOrBlocker() {
            return findings.stream().anyMatch(f -> f.severity() != Severity.INFO);
        }
    }

    static final class Report {
        final Map<String, Counts> blockerByGroup = new TreeMap<>();
        final Map<String, Counts> blockerByRule = new TreeMap<>();
        final Counts blocker = new Counts();
        final Counts warning = new Counts();
        int refuted;
        int refutedBlocked;
        int clean;
        int cleanFlagged;
        int exact;
        final List<String> errors = new ArrayList<>();
        final List<String> extraBlockers = new ArrayList<>();
        int size;

        double refutedNeverBlocked() {
            return refuted == 0 ? 1.0 : 1.0 - (double) refutedBlocked / refuted;
        }

        double cleanRate() {
            return clean == 0 ? 1.0 : 1.0 - (double) cleanFlagged / clean;
        }

        String table(String name) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT, "%n== %s: %d items, exact outcome %.3f ==%n", name, size, (double) exact / size));
            sb.append(String.format(
                    Locale.ROOT,
                    "%-34s %5s %5s %5s %9s %7s%n",
                    "BLOCKER by family",
                    "tp",
                    "fp",
                    "fn",
                    "precision",
                    "recall"));
            blockerByGroup.forEach((g, c) -> sb.append(row(g, c)));
            sb.append(row("ALL BLOCKER", blocker));
            sb.append(row("ALL WARNING (reported myths)", warning));
            sb.append(String.format(
                    Locale.ROOT,
                    "refuted never blocked: %.3f (%d/%d)%n",
                    refutedNeverBlocked(),
                    refuted - refutedBlocked,
                    refuted));
            sb.append(String.format(
                    Locale.ROOT,
                    "neutral/right values clean: %.3f (%d/%d)%n",
                    cleanRate(),
                    clean - cleanFlagged,
                    clean));
            sb.append(String.format(
                    Locale.ROOT,
                    "%-34s %5s %5s %5s %9s %7s%n",
                    "BLOCKER by rule",
                    "tp",
                    "fp",
                    "fn",
                    "precision",
                    "recall"));
            blockerByRule.forEach((g, c) -> sb.append(row(g, c)));
            errors.forEach(e -> sb.append("  miss: ").append(e).append('\n'));
            extraBlockers.forEach(e -> sb.append("  false blocker: ").append(e).append('\n'));
            return sb.toString();
        }

        private static String row(String name, Counts c) {
            return String.format(
                    Locale.ROOT, "%-34s %5d %5d %5d %9.3f %7.3f%n", name, c.tp, c.fp, c.fn, c.precision(), c.recall());
        }
    }

    private LabelledSet() {}

    static List<Item> load(String resource) {
        try (InputStream in = LabelledSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<Item> items = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 3) {
                    throw new IllegalStateException(resource + ":" + (i + 1) + " needs 3 tab-separated columns");
                }
                items.add(new Item(i + 1, Expected.valueOf(cols[0]), cols[1], cols[2]));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String group(String rule) {
        if (rule.startsWith("value.") || rule.startsWith("rumour.")) {
            return rule.substring(0, rule.indexOf('.'));
        }
        int second = rule.indexOf('.', rule.indexOf('.') + 1);
        return second < 0 ? rule : rule.substring(0, second);
    }

    static boolean scienceRule(String rule) {
        return rule.startsWith("myth.") || rule.startsWith("rumour.") || rule.startsWith("value.");
    }

    static Report evaluate(List<Item> items, Function<String, List<Finding>> screen) {
        Report r = new Report();
        r.size = items.size();
        for (Item item : items) {
            List<Finding> findings = screen.apply(item.text()).stream()
                    .filter(f -> scienceRule(f.rule()))
                    .toList();
            Outcome o = new Outcome(item, findings);
            boolean ok = score(r, o);
            if (ok) {
                r.exact++;
            } else {
                r.errors.add(item.line() + " " + item.expected() + " " + item.family() + " | " + item.text() + " -> "
                        + findings.stream()
                                .map(f -> f.rule() + ":" + f.severity())
                                .toList());
            }
        }
        return r;
    }

    private static boolean score(Report r, Outcome o) {
        Item item = o.item();
        // Blockers: each predicted blocker rule is a positive for that rule.
        for (Finding f : o.findings()) {
            if (!f.isBlocker()) {
                continue;
            }
            boolean right = item.blockerExpected() && f.rule().equals(item.family());
            if (!right) {
                counts(r, f.rule()).forEach(c -> c.fp++);
                r.extraBlockers.add(item.line() + " " + item.expected() + " " + item.family() + " | " + item.text()
                        + " -> extra " + f.rule());
            }
        }
        if (item.blockerExpected()) {
            boolean hit = o.blocked(item.family());
            counts(r, item.family()).forEach(c -> {
                if (hit) {
                    c.tp++;
                } else {
                    c.fn++;
                }
            });
        }
        boolean warnedAny = o.findings().stream()
                .anyMatch(f -> f.severity() == Severity.WARNING && !f.rule().startsWith("value."));
        if (item.expected() == Expected.REPORTED) {
            if (o.warned(item.family()) && !o.anyBlocker()) {
                r.warning.tp++;
            } else {
                r.warning.fn++;
            }
        } else if (warnedAny) {
            r.warning.fp++;
        }
        switch (item.expected()) {
            case ASSERTED, WRONG_VALUE -> {
                return o.blocked(item.family());
            }
            case REFUTED -> {
                r.refuted++;
                if (o.anyBlocker()) {
                    r.refutedBlocked++;
                }
                return !o.anyWarningOrBlocker();
            }
            case REPORTED -> {
                return o.warned(item.family()) && !o.anyBlocker();
            }
            case NEUTRAL, RIGHT_VALUE -> {
                r.clean++;
                if (o.anyWarningOrBlocker()) {
                    r.cleanFlagged++;
                }
                return !o.anyWarningOrBlocker();
            }
            default -> throw new IllegalStateException();
        }
    }

    private static List<Counts> counts(Report r, String rule) {
        return List.of(
                r.blocker,
                r.blockerByGroup.computeIfAbsent(group(rule), k -> new Counts()),
                r.blockerByRule.computeIfAbsent(rule, k -> new Counts()));
    }
}
