package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {

    @Test
    void requestsSurviveAwkwardFileNames() {
        WorkerProtocol.Request request = new WorkerProtocol.Request(
                Path.of("/tmp/up load/1"),
                "科普 报告\n第2版+终稿%.docx",
                "text/plain; charset=GB18030",
                42,
                Path.of("/tmp/o"),
                Path.of("/tmp/b o.html"));
        String line = request.toLine();
        assertThat(line).doesNotContain("\n").startsWith("PARSE ");
        assertThat(WorkerProtocol.Request.parse(line)).contains(request);
    }

    @Test
    void repliesRoundTripAndNonsenseIsRefused() {
        assertThat(WorkerProtocol.parseReply(new WorkerProtocol.Ok(1234, true, false).toLine()))
                .contains(new WorkerProtocol.Ok(1234, true, false));
        assertThat(WorkerProtocol.parseReply("OK 12 false true")).contains(new WorkerProtocol.Ok(12, false, true));
        assertThat(WorkerProtocol.parseReply(new WorkerProtocol.Ok(7, false, false, true).toLine()))
                .contains(new WorkerProtocol.Ok(7, false, false, true));
        assertThat(WorkerProtocol.parseReply("OK 12 false true other")).isEmpty();
        WorkerProtocol.Err err = new WorkerProtocol.Err(ExtractionOutcome.FailureKind.DAMAGED, "bad xref at 12 %");
        assertThat(WorkerProtocol.parseReply(err.toLine())).contains(err);
        assertThat(WorkerProtocol.parseReply("Picked up JAVA_TOOL_OPTIONS")).isEmpty();
        assertThat(WorkerProtocol.parseReply("ERR NOT_A_KIND x")).isEmpty();
        assertThat(WorkerProtocol.Request.parse("PARSE a b")).isEmpty();
    }

    @Test
    void onlyMarkedLinesAreRepliesWhateverNativeCodePrintedAroundThem() {
        assertThat(WorkerProtocol.unmarked(WorkerProtocol.marked("OK 1 false false")))
                .contains("OK 1 false false");
        assertThat(WorkerProtocol.unmarked("dbNetTime=12.5" + WorkerProtocol.marked("OK 1 false false")))
                .contains("OK 1 false false");
        assertThat(WorkerProtocol.unmarked("OK 999 false false")).isEmpty();
        assertThat(WorkerProtocol.unmarked("numThread=1")).isEmpty();
    }
}
