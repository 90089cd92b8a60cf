package org.kepu.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectedRequestsTest {

    @Test
    void percentEncodedUtf8IsAcceptedWhateverTheScript() {
        assertThat(RejectedRequests.utf8("/api/v1/search")).isTrue();
        assertThat(RejectedRequests.utf8("q=%E7%A2%B3%E4%B8%AD%E5%92%8C&page=1"))
                .isTrue();
        assertThat(RejectedRequests.utf8("q=%F0%9F%8C%8D")).isTrue();
        // a '%' that starts no escape is left to the route to judge
        assertThat(RejectedRequests.utf8("q=100%")).isTrue();
        assertThat(RejectedRequests.utf8("q=%zz")).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThat(RejectedRequests.utf8("/works/%FF%FE")).isFalse();
        // a lone surrogate, encoded as if it were a character
        assertThat(RejectedRequests.utf8("q=%ED%A0%80")).isFalse();
        // an overlong encoding of '/'
        assertThat(RejectedRequests.utf8("/a%C0%AFb")).isFalse();
        // a sequence cut short
        assertThat(RejectedRequests.utf8("q=%E7%A2")).isFalse();
    }
}
