package io.kelp.agent.parse;

import java.util.regex.Pattern;

/** A line matching {@code start} begins an event; other lines continue it (e.g. stack traces). */
public record MultilineRule(Pattern start, long maxWaitMillis) {
}
