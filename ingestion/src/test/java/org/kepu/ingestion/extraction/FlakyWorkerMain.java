package org.kepu.ingestion.extraction;

/** A child that hangs or dies on request, by file name, and otherwise extracts like the real one. */
public final class FlakyWorkerMain {

    private FlakyWorkerMain() {}

    public static void main(String[] args) {
        ExtractionWorkerMain.serve(() -> {
            ChildParser parser = new ChildParser(3).warmedUp();
            return request -> {
                if (request.resourceName().endsWith(".hang")) {
                    while (true) {
                        Thread.onSpinWait();
                    }
                }
                if (request.resourceName().endsWith(".crash")) {
                    Runtime.getRuntime().halt(9);
                }
                return parser.handle(request);
            };
        });
    }
}
