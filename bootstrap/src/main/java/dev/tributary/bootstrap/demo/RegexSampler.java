package dev.tributary.bootstrap.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces a string matching a simple regular expression, enough for the identifier patterns sources declare:
 * literals, escapes ({@code \d \w \.}), character classes with ranges, groups with alternatives, and the
 * quantifiers {@code ? * + {n} {n,m}}. Unbounded quantifiers repeat at most 8 times.
 */
final class RegexSampler {
    private final String regex;
    private final Random random;
    private int at;

    private RegexSampler(String regex, Random random) {
        this.regex = regex;
        this.random = random;
    }

    static String sample(String regex, Random random) {
        RegexSampler sampler = new RegexSampler(regex, random);
        StringBuilder out = new StringBuilder();
        sampler.sequence(out);
        return out.toString();
    }

    private void sequence(StringBuilder out) {
        while (at < regex.length() && regex.charAt(at) != ')' && regex.charAt(at) != '|') {
            int atomStart = at;
            String first = atom();
            int[] times = quantifier();
            int afterQuantifier = at;
            int n = times[0] + (times[1] > times[0] ? random.nextInt(times[1] - times[0] + 1) : 0);
            for (int i = 0; i < n; i++) {
                if (i == 0) {
                    out.append(first);
                } else {
                    at = atomStart; // resample the atom for every repetition
                    out.append(atom());
                }
            }
            at = afterQuantifier;
        }
    }

    /** One sample of the atom at the cursor. */
    private String atom() {
        char c = regex.charAt(at++);
        switch (c) {
            case '\\' -> {
                char e = regex.charAt(at++);
                return switch (e) {
                    case 'd' -> String.valueOf((char) ('0' + random.nextInt(10)));
                    case 'w' -> String.valueOf("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
                    case 's' -> " ";
                    default -> String.valueOf(e);
                };
            }
            case '[' -> {
                return String.valueOf(characterClass());
            }
            case '(' -> {
                if (regex.startsWith("?:", at)) {
                    at += 2;
                }
                List<String> alternatives = new ArrayList<>();
                while (true) {
                    StringBuilder alt = new StringBuilder();
                    sequence(alt);
                    alternatives.add(alt.toString());
                    if (at < regex.length() && regex.charAt(at) == '|') {
                        at++;
                        continue;
                    }
                    at++; // ')'
                    break;
                }
                return alternatives.get(random.nextInt(alternatives.size()));
            }
            case '.' -> {
                return String.valueOf((char) ('a' + random.nextInt(26)));
            }
            case '^', '$' -> {
                return "";
            }
            default -> {
                return String.valueOf(c);
            }
        }
    }

    private char characterClass() {
        List<Character> chars = new ArrayList<>();
        while (regex.charAt(at) != ']') {
            char from = regex.charAt(at++);
            if (from == '\\') {
                char e = regex.charAt(at++);
                if (e == 'd') {
                    for (char d = '0'; d <= '9'; d++) {
                        chars.add(d);
                    }
                    continue;
                }
                from = e;
            }
            if (regex.charAt(at) == '-' && regex.charAt(at + 1) != ']') {
                char to = regex.charAt(at + 1);
                at += 2;
                for (char x = from; x <= to; x++) {
                    chars.add(x);
                }
            } else {
                chars.add(from);
            }
        }
        at++; // ']'
        return chars.get(random.nextInt(chars.size()));
    }

    private int[] quantifier() {
        if (at >= regex.length()) {
            return new int[] {1, 1};
        }
        char q = regex.charAt(at);
        switch (q) {
            case '?' -> {
                at++;
                return new int[] {0, 1};
            }
            case '*' -> {
                at++;
                return new int[] {0, 8};
            }
            case '+' -> {
                at++;
                return new int[] {1, 8};
            }
            case '{' -> {
                int close = regex.indexOf('}', at);
                String[] parts = regex.substring(at + 1, close).split(",", -1);
                at = close + 1;
                int min = Integer.parseInt(parts[0].trim());
                int max = parts.length == 1 ? min : parts[1].isBlank() ? min + 8 : Integer.parseInt(parts[1].trim());
                return new int[] {min, max};
            }
            default -> {
                return new int[] {1, 1};
            }
        }
    }
}
