package org.kepu.ingestion.extraction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.kepu.ingestion.html.BodyHtml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses tiny DOCX, PDF and HTML documents before a child reports ready. Loading POI and PDFBox takes
 * seconds in a fresh JVM; done here, it does not count against the first real file's timeout.
 */
final class ChildWarmup {

    private static final Logger log = LoggerFactory.getLogger(ChildWarmup.class);

    private ChildWarmup() {}

    static void run(AutoDetectParser parser) {
        long start = System.nanoTime();
        try {
            parse(parser, docx(), "warmup.docx");
            parse(parser, pdf(), "warmup.pdf");
            parse(parser, "<html><body><p>科普</p></body></html>".getBytes(StandardCharsets.UTF_8), "warmup.html");
            BodyHtml.fromMarkdown("# 科普\n\n<b>科普</b>");
        } catch (Exception e) {
            log.warn("warm-up failed; the first files will be slower", e);
        }
        log.debug("warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private static void parse(AutoDetectParser parser, byte[] document, String name) throws Exception {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try (TikaInputStream in = TikaInputStream.get(document)) {
            parser.parse(in, new BodyContentHandler(Writer.nullWriter()), metadata, new ParseContext());
        }
    }

    private static byte[] docx() throws IOException {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("科普");
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] pdf() throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.showText("science");
                content.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
