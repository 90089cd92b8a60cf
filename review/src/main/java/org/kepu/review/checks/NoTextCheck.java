package org.kepu.review.checks;

import java.util.List;

/**
 * Says when a work has no text to screen, such as a picture in which OCR found no writing. Such a work is
 * not a failed upload, but nothing in it was checked automatically, which the reviewer must know.
 */
final class NoTextCheck implements Check {

    static final String RULE = "no-readable-text";

    @Override
    public List<Finding> check(ScreeningInput input) {
        if (!input.text().isBlank()) {
            return List.of();
        }
        return List.of(new Finding(
                RULE, Severity.INFO, 0, 0, "", "作品中没有可读的文字（例如图片里没有识别出文字），自动筛查没有可检查的内容，请审稿专家查看原件。", null, null));
    }
}
