package dev.grantwire.protocol;

/**
 * The one rule every text a caller sends must meet before anything reads it, wherever it comes from
 * (a path segment, a query or form parameter, a header, Basic credentials, a JSON string): no NUL,
 * no other C0 control character but tab, line feed and carriage return, no DEL, and no lone UTF-16
 * surrogate (what a broken {@code \ud800} escape or an invalid UTF-8 sequence leaves). PostgreSQL
 * cannot store a NUL at all (it was a 500 on every endpoint that stored or looked up text); the
 * other characters forge log lines and terminal output, and a lone surrogate becomes {@code ?} on
 * the way to the database, so two different inputs would name one row. Stateless and thread-safe.
 */
public final class InputText {

    private InputText() {}

    /** Whether {@code text} (null counts as absent, so acceptable) meets the rule. */
    public static boolean isAcceptable(String text) {
        return text == null || firstUnacceptable(text) < 0;
    }

    /** The index of the first character the rule refuses, or -1. */
    public static int firstUnacceptable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
