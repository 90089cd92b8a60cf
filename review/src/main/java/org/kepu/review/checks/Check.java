package org.kepu.review.checks;

import java.util.List;

/** One automated screening check; implementations are stateless or thread-safe. */
public interface Check {

    List<Finding> check(ScreeningInput input);
}
