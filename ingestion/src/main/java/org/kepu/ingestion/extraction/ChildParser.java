package org.kepu.ingestion.extraction;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.TeeContentHandler;
import org.apache.tika.sax.ToTextContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.detect.ZipDirectory;
import org.kepu.ingestion.html.BodyHtml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.ContentHandler;

/** Parses one file with Tika inside the child JVM and writes its text and its sanitised HTML body. */
final class ChildParser {

    private static final Logger log = LoggerFactory.getLogger(ChildParser.class);

    /** Set only on the top-level document, so embedded documents are still detected by Tika. */
    private static final String DECLARED_TYPE = "X-Kepu-Declared-Type";

    private static final Set<String> ZIP_CONTAINERS =
            Set.of(MediaTypeDetector.DOCX, MediaTypeDetector.PPTX, MediaTypeDetector.ODT, MediaTypeDetector.EPUB);

    private final AutoDetectParser parser;
    private final Detector tikaDetector;
    /** Null when OCR is off. */
    private final OcrReader ocr;

    ChildParser(int maxNestingDepth) {
        this(maxNestingDepth, null);
    }

    ChildParser(int maxNestingDepth, OcrReader ocr) {
        this.ocr = ocr;
        tikaDetector = new AutoDetectParser().getDetector();
        // The upload was already sniffed; forcing its type keeps Tika from trusting a misleading name.
        Detector declaredFirst = (InputStream input, Metadata metadata) -> {
            String declared = metadata.get(DECLARED_TYPE);
            return declared != null ? MediaType.parse(declared) : tikaDetector.detect(input, metadata);
        };
        parser = new AutoDetectParser(declaredFirst);
        AutoDetectParserConfig config = new AutoDetectParserConfig();
        config.setMaximumPackageEntryDepth(maxNestingDepth);
        parser.setAutoDetectParserConfig(config);
    }

    /** Loads the parsers of the common formats now rather than during the first timed request. */
    ChildParser warmedUp() {
        ChildWarmup.run(parser);
        return this;
    }

    WorkerProtocol.Reply handle(WorkerProtocol.Request request) {
        String type = TextExtractor.baseType(request.mediaType());
        if (TextExtractor.SUBTITLES.contains(type)) {
            return subtitles(request);
        }
        if (TextExtractor.IMAGES.contains(type)) {
            return image(request);
        }
        if (ZIP_CONTAINERS.contains(type)) {
            Optional<WorkerProtocol.Reply> refused = checkDirectory(request);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, request.resourceName());
        metadata.set(DECLARED_TYPE, tikaType(request.mediaType()));
        metadata.set(Metadata.CONTENT_TYPE, tikaType(request.mediaType()));
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        // Tika sees a plain text as one paragraph per line; its HTML is built from the text instead.
        boolean structured = !type.equals("text/plain") && !type.equals("text/markdown");
        boolean truncated = false;
        boolean htmlFits = false;
        CountingWriter text;
        OcrText read = null;
        try (CountingWriter out =
                        new CountingWriter(Files.newBufferedWriter(request.output(), StandardCharsets.UTF_8));
                TikaInputStream in = TikaInputStream.get(request.file());
                HtmlCapture capture =
                        structured ? new HtmlCapture(request.html(), maxHtmlBytes(request.maxChars())) : null) {
            text = out;
            ContentHandler body = new ToTextContentHandler(out);
            if (capture != null) {
                body = new TeeContentHandler(body, capture.handler());
            }
            OcrText.Pages pages = new OcrText.Pages();
            if (ocr != null) {
                read = new OcrText(ocr, out::count);
                context.set(EmbeddedDocumentExtractor.class, new OcrText.Embedded(context, read, tikaDetector));
                body = new TeeContentHandler(body, pages);
            }
            try {
                // One write limit under the body filter bounds the text and the HTML's text alike.
                parser.parse(
                        in,
                        new BodyContentHandler(new WriteOutContentHandler(body, request.maxChars())),
                        metadata,
                        context);
            } catch (Exception e) {
                if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                    return failure(e, request);
                }
                truncated = true;
            }
            if (read != null && !truncated && type.equals("application/pdf")) {
                // Scanned pages have no text layer: Tika finds nothing on them, OCR reads their picture.
                out.flush();
                try {
                    truncated = !read.pdfPages(request.file(), pages.withText(), out, request.maxChars());
                } catch (IOException | RuntimeException e) {
                    // Tika read the document; pages PDFBox cannot render only lose their OCR text.
                    log.info("{}: OCR of pages without text stopped: {}", request.resourceName(), e.toString());
                }
            }
            htmlFits = capture != null && capture.finish();
        } catch (IOException e) {
            return failure(e, request);
        } catch (StackOverflowError e) {
            return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.DAMAGED, "stack overflow");
        }
        if (!text.hasVisibleText()) {
            return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.NO_TEXT, "only whitespace");
        }
        boolean html = structured ? htmlFits && sanitizeHtml(request) : htmlFromText(request, type);
        boolean layout = read != null && !read.isEmpty() && saveLayout(read, request);
        return new WorkerProtocol.Ok(text.count(), truncated, html, layout);
    }

    /**
     * A picture's text is what OCR reads in it; a picture without readable text is a work without text,
     * not a failure. Without OCR, nothing is read.
     */
    private WorkerProtocol.Reply image(WorkerProtocol.Request request) {
        try (CountingWriter out =
                new CountingWriter(Files.newBufferedWriter(request.output(), StandardCharsets.UTF_8))) {
            if (ocr == null) {
                return new WorkerProtocol.Ok(0, false, false);
            }
            OcrText read = new OcrText(ocr, out::count);
            boolean complete = read.image(request.file(), out, request.maxChars());
            out.flush();
            return new WorkerProtocol.Ok(out.count(), !complete, false, !read.isEmpty() && saveLayout(read, request));
        } catch (IOException | RuntimeException e) {
            log.info("cannot read the picture {} ({}): {}", request.resourceName(), request.mediaType(), e.toString());
            return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.DAMAGED, e.toString());
        }
    }

    /** The layout is extra: without it the text is still right, so failing to write it fails nothing. */
    private static boolean saveLayout(OcrText read, WorkerProtocol.Request request) {
        try {
            read.save(request.layout());
            return true;
        } catch (IOException | RuntimeException e) {
            log.info("{}: no OCR layout: {}", request.resourceName(), e.toString());
            return false;
        }
    }

    /** Refuses an archive whose central directory alone would fill the heap or take the whole timeout. */
    private static Optional<WorkerProtocol.Reply> checkDirectory(WorkerProtocol.Request request) {
        try {
            return ZipDirectory.check(request.file())
                    .map(problem -> new WorkerProtocol.Err(
                            problem == ZipDirectory.Problem.TOO_LARGE
                                    ? ExtractionOutcome.FailureKind.TOO_LARGE
                                    : ExtractionOutcome.FailureKind.DAMAGED,
                            "zip central directory: " + problem));
        } catch (IOException e) {
            return Optional.of(failure(e, request));
        }
    }

    /** Subtitles have no HTML body: their text is a list of cues, not a document. */
    private static WorkerProtocol.Reply subtitles(WorkerProtocol.Request request) {
        try {
            SubtitleText.Result result = SubtitleText.extract(
                    request.file(), TextExtractor.charsetOf(request.mediaType()), request.maxChars(), request.output());
            return result.chars() == 0
                    ? new WorkerProtocol.Err(ExtractionOutcome.FailureKind.NO_TEXT, "no cue text")
                    : new WorkerProtocol.Ok(result.chars(), result.truncated(), false);
        } catch (IOException e) {
            return failure(e, request);
        }
    }

    /**
     * Replaces the captured XHTML with its sanitised form. The HTML body is optional (readers build one
     * from the text when it is missing), so nothing here fails the extraction.
     */
    private static boolean sanitizeHtml(WorkerProtocol.Request request) {
        try {
            return writeHtml(request, BodyHtml.sanitize(Files.readString(request.html(), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            log.info("{}: no HTML body: {}", request.resourceName(), e.toString());
            return false;
        }
    }

    /** Builds the HTML body of a plain text or Markdown from its extracted text. */
    private static boolean htmlFromText(WorkerProtocol.Request request, String type) {
        try {
            String text = Files.readString(request.output(), StandardCharsets.UTF_8);
            // A Markdown tree per line would outgrow the child's heap long before the text does.
            boolean markdown = type.equals("text/markdown") && lines(text) <= HtmlCapture.MAX_ELEMENTS;
            return writeHtml(request, markdown ? BodyHtml.fromMarkdown(text) : BodyHtml.fromText(text));
        } catch (IOException | RuntimeException e) {
            log.info("{}: no HTML body: {}", request.resourceName(), e.toString());
            return false;
        }
    }

    private static boolean writeHtml(WorkerProtocol.Request request, String html) throws IOException {
        if (html.isBlank()) {
            return false;
        }
        Files.writeString(request.html(), html, StandardCharsets.UTF_8);
        return true;
    }

    /** Text of the maximum length takes at most three UTF-8 bytes a char; markup gets as much again. */
    private static long maxHtmlBytes(int maxChars) {
        return 6L * maxChars + (1 << 20);
    }

    private static long lines(String text) {
        return text.chars().filter(c -> c == '\n').count();
    }

    /** Tika knows Markdown only as a kind of plain text, which is how it is parsed anyway. */
    private static String tikaType(String mediaType) {
        String lower = mediaType.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/markdown")
                ? "text/plain" + mediaType.substring("text/markdown".length())
                : mediaType;
    }

    private static WorkerProtocol.Reply failure(Exception e, WorkerProtocol.Request request) {
        log.info("cannot extract {} ({}): {}", request.resourceName(), request.mediaType(), e.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedDocumentException) {
                return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.PASSWORD_PROTECTED, t.toString());
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("zip bomb")) {
                return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.TOO_LARGE, t.toString());
            }
            if (t instanceof ZeroByteFileException) {
                return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.NO_TEXT, t.toString());
            }
        }
        return new WorkerProtocol.Err(ExtractionOutcome.FailureKind.DAMAGED, e.toString());
    }

    /** Counts what is written and remembers whether any of it is more than whitespace. */
    private static final class CountingWriter extends Writer {
        private final Writer delegate;
        private long count;
        private boolean visible;

        CountingWriter(Writer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            delegate.write(buffer, offset, length);
            count += length;
            for (int i = offset; !visible && i < offset + length; i++) {
                visible = !Character.isWhitespace(buffer[i]) && !Character.isSpaceChar(buffer[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        long count() {
            return count;
        }

        boolean hasVisibleText() {
            return visible;
        }
    }
}
