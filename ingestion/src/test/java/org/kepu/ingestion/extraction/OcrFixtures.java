package org.kepu.ingestion.extraction;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.sl.usermodel.PictureData;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFPictureData;
import org.apache.poi.xslf.usermodel.XSLFPictureShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;

/**
 * Writes the OCR test fixtures under {@code src/test/resources/org/kepu/ingestion/extraction/ocr}. Not
 * run by the tests: the build machines have no Chinese font, so the pictures are drawn once where one is
 * installed and committed. Run from the repository root with a CJK font file as argument, e.g.
 * {@code java -cp … org.kepu.ingestion.extraction.OcrFixtures /usr/share/fonts/truetype/wqy/wqy-microhei.ttc}.
 * The api's {@code OcrPosterApiTest} uses copies of {@code poster.png} and {@code blank.png}
 * ({@code api/src/test/resources/org/kepu/api/review/ocr-*.png}); copy them again after a change.
 */
public final class OcrFixtures {

    /** What each fixture says, line by line, in reading order: the tests compare OCR against these. */
    public static final List<String> POSTER = List.of("食品安全小知识", "隔夜菜会致癌，千万不能吃！", "剩菜应尽快冷藏，吃前彻底加热。");

    static final List<String> COMIC = List.of("光在真空中的速度约为每秒30万公里。", "声音在空气中每秒约传播340米。");

    static final List<String> SCAN_PAGE_1 = List.of("第一章 水的三态", "水在零摄氏度以下会结成冰。", "加热到一百摄氏度时水会沸腾。");

    static final List<String> SCAN_PAGE_2 = List.of("第二章 空气", "空气中约百分之七十八是氮气。", "氧气约占空气的百分之二十一。");

    static final List<String> SLIDE = List.of("植物通过光合作用制造氧气。", "叶绿素让叶子呈现绿色。");

    static final Path DIR = Path.of("ingestion/src/test/resources/org/kepu/ingestion/extraction/ocr");

    private OcrFixtures() {}

    public static void main(String[] args) throws Exception {
        Font font = Font.createFonts(new File(args[0]))[0];
        Files.createDirectories(DIR);
        ImageIO.write(poster(font), "png", DIR.resolve("poster.png").toFile());
        ImageIO.write(comic(font), "png", DIR.resolve("comic.png").toFile());
        ImageIO.write(blank(), "png", DIR.resolve("blank.png").toFile());
        scannedPdf(font, DIR.resolve("scanned.pdf"));
        slides(font, DIR.resolve("slides.pptx"));
        try (var files = Files.list(DIR)) {
            files.forEach(f -> System.out.println(f + " " + f.toFile().length()));
        }
    }

    static BufferedImage poster(Font font) {
        BufferedImage image = canvas(900, 520, new Color(0xFFF4D6));
        Graphics2D g = graphics(image);
        g.setColor(new Color(0xC0392B));
        g.fillRect(0, 0, 900, 110);
        g.setColor(Color.WHITE);
        centred(g, font.deriveFont(Font.BOLD, 56f), POSTER.get(0), 450, 78);
        g.setColor(new Color(0x222222));
        centred(g, font.deriveFont(48f), POSTER.get(1), 450, 260);
        g.setColor(new Color(0x1B5E20));
        centred(g, font.deriveFont(36f), POSTER.get(2), 450, 420);
        g.dispose();
        return image;
    }

    static BufferedImage comic(Font font) {
        BufferedImage image = canvas(1000, 420, Color.WHITE);
        Graphics2D g = graphics(image);
        g.setStroke(new BasicStroke(4));
        for (int panel = 0; panel < 2; panel++) {
            int top = 10 + panel * 205;
            g.setColor(panel == 0 ? new Color(0xE3F2FD) : new Color(0xFCE4EC));
            g.fillRect(10, top, 980, 195);
            g.setColor(Color.BLACK);
            g.drawRect(10, top, 980, 195);
            // A speech bubble with its tail, and a stick figure speaking.
            g.setColor(Color.WHITE);
            g.fillRoundRect(160, top + 40, 800, 100, 60, 60);
            g.setColor(Color.BLACK);
            g.drawRoundRect(160, top + 40, 800, 100, 60, 60);
            g.drawLine(160, top + 110, 110, top + 140);
            g.drawOval(60, top + 60, 50, 50);
            g.drawLine(85, top + 110, 85, top + 170);
            g.setFont(font.deriveFont(36f));
            g.drawString(COMIC.get(panel), 200, top + 104);
        }
        g.dispose();
        return image;
    }

    /** A picture with shapes and no writing at all. */
    static BufferedImage blank() {
        BufferedImage image = canvas(400, 300, new Color(0x87CEEB));
        Graphics2D g = graphics(image);
        g.setColor(new Color(0xFFD54F));
        g.fillOval(280, 30, 80, 80);
        g.setColor(new Color(0x66BB6A));
        g.fillRect(0, 220, 400, 80);
        g.dispose();
        return image;
    }

    /** A page as a scanner would deliver it: grey paper, black print, no text layer. */
    static BufferedImage scannedPage(Font font, List<String> lines) {
        BufferedImage image = new BufferedImage(1240, 1754, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = graphics(image);
        g.setColor(new Color(0xF2F2F2));
        g.fillRect(0, 0, 1240, 1754);
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD, 56f));
        g.drawString(lines.get(0), 150, 260);
        g.setFont(font.deriveFont(40f));
        for (int i = 1; i < lines.size(); i++) {
            g.drawString(lines.get(i), 150, 260 + i * 110);
        }
        g.dispose();
        return image;
    }

    static void scannedPdf(Font font, Path target) throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (List<String> lines : List.of(SCAN_PAGE_1, SCAN_PAGE_2)) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                PDImageXObject picture = LosslessFactory.createFromImage(document, scannedPage(font, lines));
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(picture, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            document.save(target.toFile());
        }
    }

    /** One slide holding only a picture of two written lines. */
    static void slides(Font font, Path target) throws IOException {
        BufferedImage image = canvas(1000, 300, Color.WHITE);
        Graphics2D g = graphics(image);
        g.setColor(new Color(0x2E7D32));
        g.setFont(font.deriveFont(44f));
        g.drawString(SLIDE.get(0), 60, 120);
        g.drawString(SLIDE.get(1), 60, 220);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        try (XMLSlideShow show = new XMLSlideShow();
                OutputStream out = Files.newOutputStream(target)) {
            XSLFSlide slide = show.createSlide();
            XSLFPictureData data = show.addPicture(png.toByteArray(), PictureData.PictureType.PNG);
            XSLFPictureShape shape = slide.createPicture(data);
            shape.setAnchor(new java.awt.geom.Rectangle2D.Double(60, 120, 600, 180));
            show.write(out);
        }
    }

    private static BufferedImage canvas(int width, int height, Color background) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static void centred(Graphics2D g, Font font, String text, int x, int baseline) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, x - metrics.stringWidth(text) / 2, baseline);
    }

    public static InputStream open(String name) {
        return OcrFixtures.class.getResourceAsStream("ocr/" + name);
    }
}
