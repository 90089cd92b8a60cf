package org.kepu.ingestion.detect;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackagePartName;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Test files built in memory; the project ships no binary fixtures. */
public final class Corpus {

    public static final String PHOTOSYNTHESIS = "光合作用把二氧化碳和水转化为葡萄糖和氧气。";
    public static final String VACCINES = "疫苗通过训练免疫系统来预防传染病。";
    public static final String BLACK_HOLES = "黑洞的引力强大到连光都无法逃逸。";

    private Corpus() {}

    public static byte[] docx(String... paragraphs) {
        try (XWPFDocument doc = new XWPFDocument()) {
            for (String text : paragraphs) {
                doc.createParagraph().createRun().setText(text);
            }
            return write(doc::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DOCX whose text is fine but which embeds a zip of zips that inflates to gigabytes. */
    public static byte[] docxWithZipBomb(String paragraph) {
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText(paragraph);
            PackagePartName name = PackagingURIHelper.createPartName("/word/embeddings/bomb.zip");
            PackagePart part = doc.getPackage().createPart(name, "application/zip");
            try (OutputStream out = part.getOutputStream()) {
                out.write(nestedZipBomb());
            }
            doc.getPackagePart()
                    .addRelationship(
                            name,
                            TargetMode.INTERNAL,
                            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package");
            return write(doc::write);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ten zips of ten zips of 100 MB of text each: about 10 GB when unpacked. */
    public static byte[] nestedZipBomb() {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        byte[] inner = zip(out -> {
            out.putNextEntry(new ZipEntry("a.txt"));
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
        });
        byte[] middle = zip(out -> {
            for (int i = 0; i < 10; i++) {
                out.putNextEntry(new ZipEntry("inner" + i + ".zip"));
                out.write(inner);
            }
        });
        return zip(out -> {
            for (int i = 0; i < 10; i++) {
                out.putNextEntry(new ZipEntry("middle" + i + ".zip"));
                out.write(middle);
            }
        });
    }

    public static byte[] pptx(String... slides) {
        try (XMLSlideShow show = new XMLSlideShow()) {
            for (String text : slides) {
                XSLFSlide slide = show.createSlide();
                XSLFTextBox box = slide.createTextBox();
                box.setAnchor(new java.awt.Rectangle(50, 50, 600, 100));
                box.setText(text);
            }
            return write(show::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xlsx() {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            book.createSheet("数据").createRow(0).createCell(0).setCellValue(VACCINES);
            return write(book::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] pdf(String... lines) {
        return pdf(false, lines);
    }

    public static byte[] encryptedPdf(String... lines) {
        return pdf(true, lines);
    }

    private static byte[] pdf(boolean encrypted, String... lines) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                for (String line : lines) {
                    content.showText(line);
                    content.newLineAtOffset(0, -16);
                }
                content.endText();
            }
            if (encrypted) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "user", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            return write(doc::save);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] truncated(byte[] file) {
        return Arrays.copyOf(file, file.length / 2);
    }

    public static byte[] odt(String paragraph) {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text><text:p>" + paragraph + "</text:p></office:text></office:body>"
                + "</office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
                + " manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\""
                + " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        return zip(out -> {
            stored(out, "mimetype", "application/vnd.oasis.opendocument.text");
            deflated(out, "content.xml", content);
            deflated(out, "META-INF/manifest.xml", manifest);
        });
    }

    public static byte[] epub(String paragraph) {
        String container = "<?xml version=\"1.0\"?>"
                + "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                + "<rootfiles><rootfile full-path=\"OEBPS/content.opf\""
                + " media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
        String opf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\">"
                + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">kepu-1"
                + "</dc:identifier><dc:title>科普</dc:title><dc:language>zh</dc:language></metadata>"
                + "<manifest><item id=\"c1\" href=\"chapter1.xhtml\" media-type=\"application/xhtml+xml\"/>"
                + "</manifest><spine><itemref idref=\"c1\"/></spine></package>";
        String chapter = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>第一章</title></head>"
                + "<body><p>" + paragraph + "</p></body></html>";
        return zip(out -> {
            stored(out, "mimetype", "application/epub+zip");
            deflated(out, "META-INF/container.xml", container);
            deflated(out, "OEBPS/content.opf", opf);
            deflated(out, "OEBPS/chapter1.xhtml", chapter);
        });
    }

    /** A zip of photos and notes: valid, but not a document. */
    public static byte[] plainZip() {
        return zip(out -> {
            deflated(out, "notes.txt", VACCINES);
            deflated(out, "photos/readme.txt", BLACK_HOLES);
        });
    }

    public static byte[] html(String paragraph) {
        return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>科普</title></head>"
                        + "<body><h1>标题</h1><p>" + paragraph + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] text(String text, Charset charset) {
        return text.getBytes(charset);
    }

    public static byte[] png() {
        return image("png");
    }

    public static byte[] jpeg() {
        return image("jpg");
    }

    public static byte[] gif() {
        return image("gif");
    }

    public static byte[] tiff() {
        return image("tiff");
    }

    public static byte[] webp() {
        byte[] head = new byte[64];
        put(head, 0, "RIFF");
        put(head, 8, "WEBPVP8 ");
        return head;
    }

    public static byte[] mp4() {
        byte[] head = new byte[64];
        head[3] = 0x18;
        put(head, 4, "ftypisom");
        head[14] = 0x02;
        put(head, 16, "isommp41");
        put(head, 28, "moov");
        return head;
    }

    public static byte[] quicktime() {
        byte[] head = new byte[64];
        head[3] = 0x14;
        put(head, 4, "ftypqt  ");
        return head;
    }

    public static byte[] webm() {
        byte[] head = new byte[64];
        byte[] ebml = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x84};
        System.arraycopy(ebml, 0, head, 0, ebml.length);
        put(head, ebml.length, "webm");
        return head;
    }

    /** The start of a Linux executable. */
    public static byte[] elf() {
        byte[] head = new byte[512];
        head[0] = 0x7F;
        put(head, 1, "ELF");
        head[4] = 2;
        head[5] = 1;
        head[6] = 1;
        head[16] = 2;
        head[18] = 0x3E;
        return head;
    }

    /** The start of a Windows executable. */
    public static byte[] windowsExe() {
        byte[] head = new byte[512];
        put(head, 0, "MZ");
        head[0x3C] = (byte) 0x80;
        put(head, 0x4E, "This program cannot be run in DOS mode.");
        put(head, 0x80, "PE");
        return head;
    }

    public static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0x336699);
        return write(out -> ImageIO.write(image, format, out));
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private interface Zipping {
        void to(ZipOutputStream out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writing.to(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(Zipping zipping) {
        return write(bytes -> {
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                zipping.to(out);
            }
        });
    }

    private static void stored(ZipOutputStream out, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.US_ASCII);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }

    private static void deflated(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private static void put(byte[] target, int offset, String ascii) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }
}
