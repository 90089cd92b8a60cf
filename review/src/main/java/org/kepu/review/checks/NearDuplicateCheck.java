package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Near-duplicates of other works: a warning from half overlap, a blocker from 80 %. */
final class NearDuplicateCheck implements Check {

    static final String RULE = "duplicate.near";
    static final double WARN_AT = 0.5;
    static final double BLOCK_AT = 0.8;
    static final String SOURCE = "kepu 查重（阈值：50% 警告，80% 阻断）";

    private final NearDuplicateFinder finder;

    NearDuplicateCheck(NearDuplicateFinder finder) {
        this.finder = finder;
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        if (text.isBlank()) {
            return List.of();
        }
        List<DuplicateMatch> matches = new ArrayList<>(finder.find(text, input.workId()));
        matches.sort(Comparator.comparingDouble(DuplicateMatch::overlap).reversed());
        List<Finding> out = new ArrayList<>();
        for (DuplicateMatch m : matches) {
            if (m.overlap() < WARN_AT || m.workId().equals(input.workId())) {
                continue;
            }
            boolean block = m.overlap() >= BLOCK_AT;
            String percent = String.format(Locale.ROOT, "%.0f%%", m.overlap() * 100);
            out.add(Finding.of(
                            RULE,
                            block ? Severity.BLOCKER : Severity.WARNING,
                            text,
                            0,
                            text.length(),
                            "本文与作品《" + m.title() + "》（" + m.workId() + "）有 " + percent + " 的内容重合"
                                    + (block ? "，超过 80% 视为重复投稿" : "，超过 50% 需要说明")
                                    + "。如为同一作品的新版本，请在原作品下提交新版本；如引用了他人作品，请注明出处并取得授权。",
                            SOURCE)
                    .about(m.workId()));
        }
        return out;
    }

    /** The message for a reader who may not read the other work: no id, no title, no share that hints at it. */
    static String anonymous(Severity severity) {
        return "本文与另一件作品有大量内容重合"
                + (severity == Severity.BLOCKER ? "（超过 80%），视为重复投稿" : "（超过 50%），需要说明")
                + "。如为同一作品的新版本，请在原作品下提交新版本；如引用了他人作品，请注明出处并取得授权。";
    }
}
