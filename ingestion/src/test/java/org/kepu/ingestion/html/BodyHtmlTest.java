package org.kepu.ingestion.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyHtmlTest {

    private static final String VACCINES = "疫苗通过训练免疫系统来预防传染病。";

    @Test
    void scriptsImagesFramesAndEventHandlersComeOutInert() {
        String html = "<p onclick=\"steal()\">疫苗<img src=x onerror=alert(1)>有效</p>"
                + "<script>alert('x')</script><style>p{color:red}</style>"
                + "<iframe src=\"https://evil.example\">frame</iframe>"
                + "<svg onload=alert(2)><circle/></svg>"
                + "<form action=/x><input name=a value=\"b\"></form>";
        String clean = BodyHtml.sanitize(html);
        assertThat(clean).startsWith("<p>疫苗有效</p>");
        assertThat(clean.toLowerCase())
                .doesNotContain("<img", "onerror", "onclick", "onload", "<script", "alert", "<style", "color:red")
                .doesNotContain("<iframe", "evil.example", "<svg", "<form", "<input");
    }

    @Test
    void onlyWebAndMailLinksSurviveAndTheyGetRel() {
        String html = "<p><a href=\"javascript:alert(1)\">坏</a> "
                + "<a href=\" JaVaScRiPt:alert(1)\">也坏</a> "
                + "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">数据</a> "
                + "<a href=\"/relative\">相对</a> "
                + "<a href=\"https://kepu.example/a?b=1&amp;c=2\" target=_blank style=\"x\" title=t>好</a> "
                + "<a href=\"mailto:editor@kepu.example\">信</a></p>";
        String clean = BodyHtml.sanitize(html);
        assertThat(clean)
                .isEqualTo("<p>坏 也坏 数据 相对 "
                        + "<a href=\"https://kepu.example/a?b=1&amp;c=2\" rel=\"nofollow noopener\">好</a> "
                        + "<a href=\"mailto:editor@kepu.example\" rel=\"nofollow noopener\">信</a></p>");
    }

    @Test
    void structureIsKeptAndAttributesAreNot() {
        String html = "<div class=\"page\"><h1 id=\"t\" style=\"color:red\">黑洞</h1>"
                + "<p class=\"lead\">黑洞的<b>引力</b>强大到连<em>光</em>都无法逃逸。</p>"
                + "<h2>参考</h2><ol start=\"3\"><li>H<sub>2</sub>O</li><li>E=mc<sup>2</sup></li></ol>"
                + "<table border=1><tr><th>量</th><td>值</td></tr></table>"
                + "<blockquote><p>引文</p></blockquote><pre><code>x &lt; 1</code></pre></div>";
        assertThat(BodyHtml.sanitize(html))
                .isEqualTo("<h1>黑洞</h1><p>黑洞的<b>引力</b>强大到连<em>光</em>都无法逃逸。</p>"
                        + "<h2>参考</h2><ol><li>H<sub>2</sub>O</li><li>E=mc<sup>2</sup></li></ol>"
                        + "<table><tbody><tr><th>量</th><td>值</td></tr></tbody></table>"
                        + "<blockquote><p>引文</p></blockquote><pre><code>x &lt; 1</code></pre>");
    }

    @Test
    void textIsKeptAndEscapedOnce() {
        String html = "<p>碳中和 🌍 &amp; CO₂ &lt; 1% “引号” \"quotes\" 'single' &#x1F52C; &nbsp;</p>";
        assertThat(BodyHtml.sanitize(html))
                .isEqualTo("<p>碳中和 🌍 &amp; CO₂ &lt; 1% “引号” \"quotes\" 'single' 🔬 &nbsp;</p>");
    }

    @Test
    void emptyParagraphsAndHeadingsAreDropped() {
        String html =
                "<p></p><p> \u3000 </p><h2><br></h2><p><img src=a.png></p><ul><li> </li></ul><p>&nbsp;</p><p>正文</p>";
        assertThat(BodyHtml.sanitize(html)).isEqualTo("<p>正文</p>");
        assertThat(BodyHtml.sanitize("")).isEmpty();
    }

    @Test
    void aWholeDocumentBecomesABodyFragment() {
        String html = "<!DOCTYPE html><html><head><title>标题</title><meta charset=\"gbk\">"
                + "<link rel=stylesheet href=x.css></head><body onload=\"x()\"><p>正文</p></body></html>";
        assertThat(BodyHtml.sanitize(html)).isEqualTo("<p>正文</p>");
    }

    @Test
    void deeplyNestedMarkupIsCheap() {
        int depth = 20_000;
        String nested = "<ul><li>光".repeat(depth) + "</li></ul>".repeat(depth) + "<p><p><p><p>".repeat(depth) + "<p>"
                + "<a href=\"/relative\">链</a>".repeat(depth) + "</p>";
        long start = System.nanoTime();
        String clean = BodyHtml.sanitize(nested);
        // linear work takes well under a second here; a quadratic walk of 20,000 levels would take minutes,
        // so the bound leaves room for a machine busy with other builds
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(clean).startsWith("<ul><li>光<ul><li>光").endsWith("<p>" + "链".repeat(depth) + "</p>");
        assertThat(clean).doesNotContain("<p></p>", "<a");
    }

    @Test
    void plainTextParagraphsAreSeparatedByBlankLines() {
        String text = "黑洞\r\n\r\n" + VACCINES + "\n第二行 & <b>\n\n\n“最后”一段。\n";
        assertThat(BodyHtml.fromText(text))
                .isEqualTo("<h1>黑洞</h1><p>" + VACCINES + "<br>第二行 &amp; &lt;b&gt;</p><p>“最后”一段。</p>");
    }

    @Test
    void withoutBlankLinesEveryLineIsAParagraph() {
        String text = "为什么天空是蓝色的\n阳光散射。\n\t蓝光散射更多。";
        assertThat(BodyHtml.fromText(text)).isEqualTo("<h1>为什么天空是蓝色的</h1><p>阳光散射。</p><p>蓝光散射更多。</p>");
    }

    @Test
    void aFirstLineIsATitleOnlyWhenShortUnpunctuatedAndFollowed() {
        assertThat(BodyHtml.fromText("你知道吗？\n\n" + VACCINES)).startsWith("<p>你知道吗？</p>");
        assertThat(BodyHtml.fromText("Dr. Li explains\n\nbody")).startsWith("<p>Dr. Li explains</p>");
        String longLine = "一".repeat(BodyHtml.MAX_TITLE_LENGTH + 1);
        assertThat(BodyHtml.fromText(longLine + "\n\n" + VACCINES)).startsWith("<p>" + longLine + "</p>");
        // Forty characters counted as people count them, emoji included.
        String fortyWithEmoji = "🧬".repeat(BodyHtml.MAX_TITLE_LENGTH);
        assertThat(BodyHtml.fromText(fortyWithEmoji + "\n\n" + VACCINES)).startsWith("<h1>" + fortyWithEmoji);
        assertThat(BodyHtml.fromText("黑洞\n引力很强\n\n" + VACCINES)).startsWith("<p>黑洞<br>引力很强</p>");
        assertThat(BodyHtml.fromText("只有一行")).isEqualTo("<p>只有一行</p>");
        assertThat(BodyHtml.fromText(" \n\n \t")).isEmpty();
    }

    @Test
    void controlCharactersAreLeftOut() {
        assertThat(BodyHtml.fromText("a\u0000b\u0007c\td")).isEqualTo("<p>abc\td</p>");
    }

    @Test
    void markdownHeadingsListsAndParagraphsBecomeTheirElements() {
        String markdown = "# 黑洞\n\n" + VACCINES + " **重要** & <3\n\n## 要点\n\n- 引力\n* 光\n\n1. 第一\n2. 第二\n\n"
                + "###### 注\n\n[来源](https://kepu.example/s) [坏](javascript:alert(1)) H<sub>2</sub>O"
                + "<script>alert(1)</script>\n";
        assertThat(BodyHtml.fromMarkdown(markdown))
                .isEqualTo(
                        "<h1>黑洞</h1>\n<p>" + VACCINES + " <strong>重要</strong> &amp; &lt;3</p>\n"
                                + "<h2>要点</h2>\n<ul>\n<li>引力</li>\n</ul>\n<ul>\n<li>光</li>\n</ul>\n"
                                + "<ol>\n<li>第一</li>\n<li>第二</li>\n</ol>\n<h6>注</h6>\n"
                                + "<p><a href=\"https://kepu.example/s\" rel=\"nofollow noopener\">来源</a> 坏 H<sub>2</sub>O</p>\n");
    }

    @Test
    void bodyKeySitsBesideTheText() {
        assertThat(BodyHtml.bodyKey("w-1", 3)).isEqualTo("works/w-1/v3/body.html");
    }
}
