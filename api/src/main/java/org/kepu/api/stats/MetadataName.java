package org.kepu.api.stats;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.kepu.ingestion.work.MetadataNames;

/**
 * A kind or audience given by its code or one of its Chinese names, checked with the request's other
 * parameters so that one problem lists every bad one; the message lists the codes and their names.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MetadataName.Validator.class)
@interface MetadataName {

    Vocabulary value();

    String message() default "must be a known value";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Vocabulary {
        KIND,
        AUDIENCE
    }

    final class Validator implements ConstraintValidator<MetadataName, String> {
        private Vocabulary vocabulary;

        @Override
        public void initialize(MetadataName annotation) {
            vocabulary = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            boolean known = value == null
                    || (vocabulary == Vocabulary.KIND ? MetadataNames.kind(value) : MetadataNames.audience(value))
                            .isPresent();
            if (!known) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be one of "
                                + (vocabulary == Vocabulary.KIND ? MetadataNames.kinds() : MetadataNames.audiences()))
                        .addConstraintViolation();
            }
            return known;
        }
    }
}
