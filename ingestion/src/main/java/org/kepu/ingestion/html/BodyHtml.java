package org.kepu.ingestion.html;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.kepu.ingestion.work.WorkRepository;

/**
 * The HTML body of a version that media outlets receive (IPTC ninjs {@code bodies} as {@code text/html},
 * RSS {@code content:encoded}, Atom and JSON Feed content). It keeps the structure of the source —
 * paragraphs, headings, lists, tables, emphasis, links — and nothing else: no scripts, styles, frames,
 * images, event handlers or attributes beyond a link's {@code href}. Every method returns a body
 * fragment (no {@code html}, {@code head} or {@code body} element) that is safe to embed as is.
 */
public final class BodyHtml {

    /** The object name beside {@code text.txt}; see {@link #bodyKey}. */
    public static final String FILE_NAME = "body.html";

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    /** A first line at most this long, standing alone and without sentence punctuation, is a title. */
    static final int MAX_TITLE_LENGTH = 40;

    private static final String SENTENCE_PUNCTUATION = "。！？.!?";
    private static final Set<String> DROPPED_WHEN_EMPTY =
            Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol");

    private static final Safelist STRUCTURE = new Safelist()
            .addTags(("p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code br em strong b i sub sup"
                            + " table thead tbody tr th td figure figcaption a")
                    .split(" "))
            .addAttributes("a", "href")
            .addProtocols("a", "href", "http", "https", "mailto")
            // Links leave kepu for pages nobody reviewed: no ranking credit, no window.opener.
            .addEnforcedAttribute("a", "rel", "nofollow noopener");

    private static final Parser MARKDOWN = Parser.builder().build();
    // Raw HTML in Markdown (H<sub>2</sub>O) is kept here and made safe by sanitize().
    private static final HtmlRenderer MARKDOWN_HTML =
            HtmlRenderer.builder().escapeHtml(false).build();

    private BodyHtml() {}

    /** The object key of a version's HTML body: {@code works/{id}/v{n}/body.html}. */
    public static String bodyKey(String workId, int version) {
        return WorkRepository.versionKey(workId, version, FILE_NAME);
    }

    /**
     * Keeps only the allow-listed structure of {@code html}: {@code p, h1–h6, ul, ol, li, blockquote,
     * pre, code, br, em, strong, b, i, sub, sup, table, thead, tbody, tr, th, td, figure, figcaption} and
     * {@code a} with an absolute {@code http}, {@code https} or {@code mailto} {@code href}, which gets
     * {@code rel="nofollow noopener"}. Other elements are removed but their text is kept (except the
     * contents of {@code script} and {@code style}); a link without an allowed {@code href} becomes its
     * text. Of a whole document only the body counts. Paragraphs, headings, list items and lists without
     * text (white space, no-break and ideographic spaces do not count) are dropped. The result is a body
     * fragment in UTF-8 (only {@code &}, {@code <}, {@code >} and, in attributes, quotes are escaped), not
     * pretty-printed.
     */
    public static String sanitize(String html) {
        Objects.requireNonNull(html, "html");
        Document clean = new Cleaner(STRUCTURE).clean(Jsoup.parse(html, ""));
        tidy(clean.body());
        clean.outputSettings()
                .prettyPrint(false)
                .charset(StandardCharsets.UTF_8)
                .escapeMode(Entities.EscapeMode.base)
                .syntax(Document.OutputSettings.Syntax.html);
        return clean.body().html();
    }

    /**
     * The body of a text without markup. Line breaks are normalised first ({@code \r\n} and {@code \r}
     * become {@code \n}). Where the text has a blank line, blank lines separate paragraphs and the line
     * breaks inside a paragraph become {@code <br>}; where it has none, every non-blank line is a
     * paragraph. The first paragraph becomes an {@code <h1>} when it is a single line of at most
     * {@value #MAX_TITLE_LENGTH} characters that contains none of {@code 。！？.!?} and at least one more
     * paragraph follows: that is how a title sits at the top of a plain text, while a short opening
     * sentence ends in punctuation. Text is escaped; the empty or blank text gives the empty string.
     */
    public static String fromText(String text) {
        Objects.requireNonNull(text, "text");
        List<List<String>> paragraphs = paragraphs(text.replace("\r\n", "\n").replace('\r', '\n'));
        StringBuilder html = new StringBuilder(text.length() + 16 * paragraphs.size());
        for (int i = 0; i < paragraphs.size(); i++) {
            List<String> lines = paragraphs.get(i);
            boolean title = i == 0 && paragraphs.size() > 1 && isTitle(lines);
            String tag = title ? "h1" : "p";
            html.append('<').append(tag).append('>');
            for (int j = 0; j < lines.size(); j++) {
                if (j > 0) {
                    html.append("<br>");
                }
                escape(lines.get(j).strip(), html);
            }
            html.append("</").append(tag).append('>');
        }
        return html.toString();
    }

    /**
     * The body of a CommonMark text: {@code #}…{@code ######} headings become {@code h1}–{@code h6},
     * {@code -}, {@code *} and {@code 1.} lists {@code ul} and {@code ol}, blank-line separated text
     * {@code p}, with emphasis, code, quotes and links as CommonMark defines them. HTML written in the
     * Markdown and the rendered result pass through {@link #sanitize}.
     */
    public static String fromMarkdown(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        return sanitize(MARKDOWN_HTML.render(MARKDOWN.parse(markdown)));
    }

    private static List<List<String>> paragraphs(String text) {
        String[] lines = text.split("\n", -1);
        boolean blankLines = false;
        boolean seenText = false;
        for (String line : lines) {
            if (line.isBlank()) {
                blankLines |= seenText;
            } else {
                seenText = true;
            }
        }
        List<List<String>> paragraphs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                current.add(line);
            }
            if (!current.isEmpty() && (line.isBlank() || !blankLines)) {
                paragraphs.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        return paragraphs;
    }

    private static boolean isTitle(List<String> lines) {
        if (lines.size() != 1) {
            return false;
        }
        String line = lines.get(0).strip();
        if (line.codePointCount(0, line.length()) > MAX_TITLE_LENGTH) {
            return false;
        }
        return line.chars().noneMatch(c -> SENTENCE_PUNCTUATION.indexOf(c) >= 0);
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                // Control characters other than tab are not allowed in HTML text.
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }

    /**
     * Unwraps links left without an {@code href} and drops blocks with nothing to read. jsoup's unwrap and
     * remove search a node's siblings each time, which is quadratic in a paragraph of thousands of links;
     * so each parent that loses children gets its new children at once, deepest parents first.
     */
    private static void tidy(Element body) {
        List<Element> elements = body.getAllElements();
        for (int i = elements.size() - 1; i >= 0; i--) {
            Element parent = elements.get(i);
            if (parent.children().stream().noneMatch(child -> isBareLink(child) || isEmptyBlock(child))) {
                continue;
            }
            List<Node> kept = new ArrayList<>();
            for (Node child : parent.childNodes()) {
                if (child instanceof Element link && isBareLink(link)) {
                    List<Node> inner = new ArrayList<>(link.childNodes());
                    link.empty();
                    kept.addAll(inner);
                } else if (!(child instanceof Element block && isEmptyBlock(block))) {
                    kept.add(child);
                }
            }
            parent.empty();
            parent.appendChildren(kept);
        }
    }

    private static boolean isBareLink(Element element) {
        return element.nameIs("a") && !element.hasAttr("href");
    }

    private static boolean isEmptyBlock(Element element) {
        return DROPPED_WHEN_EMPTY.contains(element.normalName()) && !hasVisibleText(element);
    }

    /** Whether any text below is more than white space, counting no-break and ideographic spaces as space. */
    private static boolean hasVisibleText(Element element) {
        return element.nodeStream(TextNode.class)
                .anyMatch(text -> text.getWholeText()
                        .chars()
                        .anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)));
    }
}
