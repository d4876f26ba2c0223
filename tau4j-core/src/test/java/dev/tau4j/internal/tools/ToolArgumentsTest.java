package dev.tau4j.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ToolArgumentsTest {

    enum Unit { CELSIUS, FAHRENHEIT }

    record Place(String city, Optional<String> country) { }

    record Forecast(Place place, int days, List<Unit> units, boolean hourly, double threshold, @Nullable String note) { }

    record Seats(int count) {
        Seats {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("count must be 1-9, got " + count);
            }
        }
    }

    private record Hidden(String secret) { }

    record Empty() { }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable { }

    @Test
    void argumentsBindToNestedRecordsListsAndEnums() {
        Forecast f = ToolArguments.bind("""
                {"place":{"city":"Paris"},"days":3.0,"units":["celsius","FAHRENHEIT"],"hourly":true,"threshold":0.5,
                 "ignored":"extra properties are ignored"}""", Forecast.class);

        assertThat(f).isEqualTo(new Forecast(new Place("Paris", Optional.empty()), 3, List.of(Unit.CELSIUS, Unit.FAHRENHEIT),
                true, 0.5, null));
        assertThatThrownBy(() -> f.units().add(Unit.CELSIUS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        assertThatThrownBy(() -> ToolArguments.bind("""
                {"place":{"country":7},"days":"three","units":["KELVIN",null],"hourly":"yes","threshold":1}""",
                Forecast.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing required 'place.city'; 'place.country' must be a string, got 7; 'days' must be an"
                        + " integer, got \"three\"; 'units[0]' must be one of [CELSIUS, FAHRENHEIT], got \"KELVIN\";"
                        + " 'units[1]' must not be null; 'hourly' must be true or false, got \"yes\"");
    }

    @Test
    void integersMustFitTheirType() {
        assertThatThrownBy(() -> ToolArguments.bind("{\"count\":2.5}", Seats.class)).hasMessage("'count' must be an integer, got 2.5");
        assertThatThrownBy(() -> ToolArguments.bind("{\"count\":3000000000}", Seats.class))
                .hasMessage("'count' must be between -2147483648 and 2147483647, got 3000000000");
    }

    @Test
    void theRecordsOwnValidationIsReported() {
        assertThatThrownBy(() -> ToolArguments.bind("{\"count\":12}", Seats.class)).hasMessage("count must be 1-9, got 12");
        assertThat(ToolArguments.bind("{\"count\":2}", Seats.class).count()).isEqualTo(2);
    }

    @Test
    void blankArgumentsAreAnEmptyObjectAndNonObjectsAreRefused() {
        assertThat(ToolArguments.bind("", Empty.class)).isEqualTo(new Empty());
        assertThat(ToolArguments.bind(null, Empty.class)).isEqualTo(new Empty());
        assertThatThrownBy(() -> ToolArguments.bind("[1]", Empty.class)).hasMessage("the arguments must be a JSON object, got [1]");
        assertThatThrownBy(() -> ToolArguments.bind("{\"city\":", Place.class)).hasMessageStartingWith("the arguments are not valid JSON");
    }

    @Test
    void privateRecordsBindToo() {
        assertThat(ToolArguments.bind("{\"secret\":\"s\"}", Hidden.class).secret()).isEqualTo("s");
    }
}
