package org.kepu.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.kepu.review.audit.BrokenTrailException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.bind.support.WebExchangeBindException;

class ProblemExceptionHandlerTest {

    record Body(@NotBlank String title, @Size(max = 2) List<@NotBlank String> tags) {}

    void handle(Body body) {}

    @Test
    void bodiesThatFailBeanValidationAreOne422ListingEveryBadField() throws Exception {
        Body body = new Body(" ", List.of("a", "", "c"));
        BeanPropertyBindingResult result = new BeanPropertyBindingResult(body, "body");
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            new SpringValidatorAdapter(factory.getValidator()).validate(body, result);
        }
        MethodParameter parameter = new MethodParameter(getClass().getDeclaredMethod("handle", Body.class), 0);

        Problem problem = ProblemExceptionHandler.toProblem(new WebExchangeBindException(parameter, result));

        assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(problem.getMessage()).contains("3 invalid field(s)");
        assertThat(problem.extra().get("errors"))
                .asInstanceOf(InstanceOfAssertFactories.list(Map.class))
                .extracting(error -> error.get("field"))
                .containsExactlyInAnyOrder("title", "tags", "tags[1]");
    }

    @Test
    void aMalformedMediaTypeReadByAHandlerIsA400() {
        Problem problem = ProblemExceptionHandler.toProblem(
                new IllegalStateException("wrapped", new InvalidMediaTypeException(";;;", "no type")));

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aBrokenAuditTrailIsA409NamingTheBreakNotA500() {
        Problem problem = ProblemExceptionHandler.toProblem(
                new RuntimeException("update failed", new BrokenTrailException("w1", 1, 2, 3)));

        assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(problem.getMessage()).contains("restored");
    }
}
