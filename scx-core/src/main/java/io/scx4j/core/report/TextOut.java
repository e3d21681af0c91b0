package io.scx4j.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A writer front for the streaming exporters: numbers, fixed-point micro- and seconds, and JSON-escaped text
 * assembled in one reused character buffer and handed to the writer 16 K characters at a time, so writing an event
 * allocates nothing and takes no lock. Text reaches the writer on {@link #flush()}.
 */
final class TextOut {
    private final Writer out;
    private final char[] digits = new char[20];
    private final char[] buf = new char[16 * 1024];
    private int len;

    TextOut(Writer out) {
        this.out = out;
    }

    TextOut str(String s) {
        int n = s.length();
        if (len + n > buf.length) {
            drain();
            if (n > buf.length) {
                write(s);
                return this;
            }
        }
        s.getChars(0, n, buf, len);
        len += n;
        return this;
    }

    TextOut ch(char c) {
        if (len == buf.length) {
            drain();
        }
        buf[len++] = c;
        return this;
    }

    private TextOut chars(char[] src, int from, int n) {
        if (len + n > buf.length) {
            drain();
        }
        System.arraycopy(src, from, buf, len, n);
        len += n;
        return this;
    }

    /** A decimal integer. */
    TextOut num(long v) {
        if (v < 0) {
            ch('-');
            if (v == Long.MIN_VALUE) {
                return str("9223372036854775808");
            }
            v = -v;
        }
        int i = digits.length;
        do {
            digits[--i] = (char) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        return chars(digits, i, digits.length - i);
    }

    /** {@code v} zero-padded to {@code width} digits. */
    TextOut padded(long v, int width) {
        int i = digits.length;
        for (int w = 0; w < width; w++) {
            digits[--i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return chars(digits, i, width);
    }

    /** Nanoseconds as microseconds with three decimals ({@code 1234567} → {@code 1234.567}): no precision lost. */
    TextOut micros(long ns) {
        return num(ns / 1000).ch('.').padded(ns % 1000, 3);
    }

    /** Nanoseconds as seconds with nine decimals ({@code 1500000} → {@code 0.001500000}). */
    TextOut seconds(long ns) {
        return num(ns / 1_000_000_000L).ch('.').padded(ns % 1_000_000_000L, 9);
    }

    /** {@code s} as a JSON string literal, quotes included. */
    TextOut jsonString(String s) {
        ch('"');
        if (plain(s)) {
            return str(s).ch('"');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> str("\\\"");
                case '\\' -> str("\\\\");
                case '\n' -> str("\\n");
                case '\r' -> str("\\r");
                case '\t' -> str("\\t");
                default -> {
                    if (c < 0x20) {
                        str("\\u00").ch(Character.forDigit(c >> 4, 16)).ch(Character.forDigit(c & 15, 16));
                    } else {
                        ch(c);
                    }
                }
            }
        }
        return ch('"');
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with white space replaced by {@code _} (ftrace's text form splits fields on spaces). */
    TextOut sanitized(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            ch(Character.isWhitespace(c) || c == '=' ? '_' : c);
        }
        return this;
    }

    /** Hands the buffered text to the writer and flushes it. */
    void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        if (len == 0) {
            return;
        }
        try {
            out.write(buf, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        len = 0;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
