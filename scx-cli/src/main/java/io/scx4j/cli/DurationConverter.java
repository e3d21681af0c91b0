package io.scx4j.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1500us}, {@code 250ns}, {@code 1.5s} into nanoseconds. */
final class DurationConverter implements ITypeConverter<Long> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m)");

    @Override
    public Long convert(String text) {
        return parseNs(text);
    }

    static long parseNs(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration: expected a number and a unit ns, us,"
                    + " ms, s or m (500ms, 10s, 2m, 1500us)");
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 60_000_000_000L;
        };
        BigDecimal ns = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (ns.signum() <= 0 || ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new TypeConversionException("'" + text + "' is out of range: expected more than 0 and less than"
                    + " about 146 years");
        }
        if (ns.stripTrailingZeros().scale() > 0) {
            throw new TypeConversionException("'" + text + "' is finer than a nanosecond");
        }
        return ns.longValueExact();
    }
}
