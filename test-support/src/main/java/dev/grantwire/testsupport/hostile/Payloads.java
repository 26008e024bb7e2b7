package dev.grantwire.testsupport.hostile;

import java.util.List;
import java.util.Random;

/**
 * Hostile values. {@link #REFUSABLE} are values no field may accept (a NUL, control characters, a
 * lone surrogate, 100 KB); {@link #INJECTIONS} are shaped to exploit a careless server (SQL,
 * templates, header and log lines, JNDI, markup, paths) and are put only where a field's own rules
 * refuse them, so a run never changes stored state by succeeding.
 */
public final class Payloads {

    private Payloads() {}

    /** Values no text field may take. */
    public static final List<String> REFUSABLE =
            List.of(
                    "a\u0000b",
                    "\u0000",
                    "x\u0001\u0002\u0003",
                    "\u001b[31mred\u001b[0m",
                    "line\u0000\r\nInjected: yes",
                    "\ud800",
                    "end\udfff",
                    "\u007f\u0008",
                    "x".repeat(100_000));

    /** Values shaped for injection. */
    public static final List<String> INJECTIONS =
            List.of(
                    "' OR '1'='1",
                    "1; DROP TABLE app; --",
                    "\" OR 1=1 --",
                    "admin'--",
                    "{{7*7}}",
                    "${7*7}",
                    "#{7*7}",
                    "{#include /etc/passwd}",
                    "<%= 7*7 %>",
                    "${jndi:ldap://127.0.0.1:1/a}",
                    "${env:HOME}",
                    "<script>alert(1)</script>",
                    "\"><img src=x onerror=alert(1)>",
                    "javascript:alert(1)",
                    "x\r\nX-Injected: yes",
                    "x\r\nSet-Cookie: injected=1",
                    "x\n2026-01-01 00:00:00 INFO forged log line",
                    "../../../../etc/passwd",
                    "..%2f..%2fetc%2fpasswd",
                    "%00",
                    "\u202egnp.exe",
                    "\u200b\ufeff",
                    "😀",
                    "-1",
                    "0",
                    "99999999999999999999999",
                    "1e309",
                    "NaN",
                    "null",
                    "true",
                    "[]",
                    "{}",
                    "",
                    " ",
                    "00000000-0000-0000-0000-000000000000");

    /** Percent-encodings that are broken or decode to something no field takes. */
    public static final List<String> BAD_PERCENT =
            List.of(
                    "%zz",
                    "%", "%4", "%e9", "%c0%af", "%ff%fe", "%00", "%0d%0a", "%ed%a0%80", "%u0041");

    /** Any hostile value. */
    public static String any(Random random) {
        return random.nextInt(3) == 0 ? pick(random, REFUSABLE) : pick(random, INJECTIONS);
    }

    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
