package org.kepu.ingestion.extraction;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.tika.detect.Detector;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.kepu.ingestion.rendition.Upright;
import org.kepu.ingestion.work.JsonObjects;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Text read by OCR during one extraction, and where each line of it lies: pictures given whole, PDF
 * pages Tika found no text on (rendered with PDFBox) and pictures embedded in documents. Each line is
 * written as one line of the text; its offsets come from the count of chars written so far.
 */
final class OcrText {

    /** Renders scanned pages at print resolution, where the recogniser reads body text well. */
    static final int PDF_DPI = 200;

    private final OcrReader reader;
    private final LongSupplier written;
    private final List<OcrLayout.Line> lines = new ArrayList<>();

    /** {@code written} tells how many chars of text have been written so far. */
    OcrText(OcrReader reader, LongSupplier written) {
        this.reader = reader;
        this.written = written;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * Writes the lines of {@code blocks} to {@code out}, each followed by a line break, as long as the
     * text stays within {@code maxChars}; false when it had to stop.
     */
    boolean write(List<OcrReader.Block> blocks, Integer page, String source, int dpi, Writer out, int maxChars)
            throws IOException {
        for (OcrReader.Block block : blocks) {
            long start = written.getAsLong();
            if (start + block.text().length() + 1 > maxChars) {
                return false;
            }
            out.write(block.text());
            out.write('\n');
            out.flush();
            add(start, block, page, source, dpi);
        }
        return true;
    }

    /** The same through a SAX handler, for pictures met inside a document Tika is parsing. */
    void write(List<OcrReader.Block> blocks, String source, ContentHandler handler) throws SAXException {
        for (OcrReader.Block block : blocks) {
            long start = written.getAsLong();
            char[] chars = (block.text() + "\n").toCharArray();
            handler.characters(chars, 0, chars.length);
            add(start, block, null, source, 0);
        }
    }

    private void add(long start, OcrReader.Block block, Integer page, String source, int dpi) {
        long end = Math.min(start + block.text().length(), written.getAsLong());
        if (end > start) {
            lines.add(new OcrLayout.Line((int) start, (int) end, page, source, block.box(), block.confidence(), dpi));
        }
    }

    /** Reads the picture in {@code file} and writes its lines (page 1). */
    boolean image(Path file, Writer out, int maxChars) throws IOException {
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = Upright.of(reader.decode(in), file);
        }
        return write(reader.read(image, image.getWidth()), 1, null, 0, out, maxChars);
    }

    /**
     * Renders the PDF's pages whose numbers (1-based) are not in {@code withText} and writes what OCR
     * reads on them, a line break first when text came before; false when the text limit stopped it.
     */
    boolean pdfPages(Path file, Set<Integer> withText, Writer out, int maxChars) throws IOException {
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            PDFRenderer renderer = new PDFRenderer(document);
            for (int index = 0; index < document.getNumberOfPages(); index++) {
                if (withText.contains(index + 1)) {
                    continue;
                }
                int dpi = dpi(document.getPage(index).getMediaBox());
                var image = renderer.renderImageWithDPI(index, dpi, ImageType.RGB);
                List<OcrReader.Block> blocks = reader.read(image, image.getWidth());
                if (blocks.isEmpty()) {
                    continue;
                }
                if (written.getAsLong() > 0) {
                    out.write('\n');
                }
                if (!write(blocks, index + 1, null, dpi, out, maxChars)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #PDF_DPI}, or less where a page that large would exceed the pixel budget. */
    private int dpi(PDRectangle box) {
        double squareInches = Math.max(1e-3, (box.getWidth() / 72.0) * (box.getHeight() / 72.0));
        int fitting = (int) Math.floor(Math.sqrt(reader.maxPixels() / squareInches));
        return Math.max(1, Math.min(PDF_DPI, fitting));
    }

    /** Writes the layout as JSON. */
    void save(Path file) throws IOException {
        Files.write(file, JsonObjects.MAPPER.writeValueAsBytes(new OcrLayout(lines)));
    }

    /**
     * Counts the pages of a PDF as Tika reports them ({@code <div class="page">}) and which of them held
     * any visible text.
     */
    static final class Pages extends DefaultHandler {
        private int page;
        private final java.util.Set<Integer> withText = new java.util.HashSet<>();

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if ("div".equals(localName) && "page".equals(attributes.getValue("class"))) {
                page++;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (page > 0 && !withText.contains(page)) {
                for (int i = start; i < start + length; i++) {
                    if (!Character.isWhitespace(ch[i]) && !Character.isSpaceChar(ch[i])) {
                        withText.add(page);
                        return;
                    }
                }
            }
        }

        Set<Integer> withText() {
            return withText;
        }
    }

    /**
     * Reads pictures embedded in documents (DOCX, PPTX, EPUB, …) by OCR into the document's text, and
     * leaves every other embedded document to Tika as before.
     */
    static final class Embedded extends ParsingEmbeddedDocumentExtractor {
        private final OcrText text;
        private final Detector detector;

        Embedded(ParseContext context, OcrText text, Detector detector) {
            super(context);
            this.text = text;
            this.detector = detector;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws SAXException, IOException {
            TikaInputStream in = TikaInputStream.get(stream);
            MediaType type = detector.detect(in, metadata);
            if (!TextExtractor.IMAGES.contains(type.getBaseType().toString())) {
                super.parseEmbedded(in, handler, metadata, outputHtml);
                return;
            }
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            try {
                // Spooled to a file by Tika, so the EXIF segments can be read apart from the pixels.
                Path file = in.getPath();
                BufferedImage image;
                try (InputStream pixels = Files.newInputStream(file)) {
                    image = Upright.of(text.reader.decode(pixels), file);
                }
                text.write(text.reader.read(image, image.getWidth()), name, handler);
            } catch (IOException | RuntimeException e) {
                // A picture that cannot be decoded is no reason to lose the document's own text.
                org.slf4j.LoggerFactory.getLogger(OcrText.class).info("OCR skipped {}: {}", name, e.toString());
            }
        }
    }
}
