package dev.tau4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes, for the model, a component of a tool's argument record (or a record type itself),
 * in the JSON schema {@link ExecutableTool} generates from the record.
 * {@snippet :
 * record Booking(@Description("IATA code of the departure airport, e.g. LHR") String from,
 *                @Description("number of seats, 1-9") int seats) { }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Description {

    /** What the value means and how to fill it, in the words the model reads. */
    String value();
}
