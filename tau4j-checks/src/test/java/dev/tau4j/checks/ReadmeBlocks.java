package dev.tau4j.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code java} code blocks of a Markdown file, each with the HTML comment on the line above it, if any:
 * {@code <!-- runs: simulator -->} (a program to run against the simulator; {@code <!-- runs: simulator; prints: TEXT -->}
 * when its output must contain TEXT) or
 * {@code <!-- quotes: PATH -->} (a quote from a source file of the build).
 */
record ReadmeBlocks(List<Block> blocks) {

    private static final Pattern MARK = Pattern.compile("^<!--\\s*(runs|quotes):\\s*([^\\s;]+)(?:;\\s*prints:\\s*(.+?))?\\s*-->$");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+(\\.\\*)?;$");
    private static final Pattern TOP_CLASS = Pattern.compile("^(?:public )?(?:final )?class (\\w+)\\b.*");

    /** One block: where it starts (the line after the fence, 1-based), its mark and its code. */
    record Block(int line, String mark, String markValue, String prints, String code) {

        boolean runs() {
            return "runs".equals(mark);
        }

        boolean quotes() {
            return "quotes".equals(mark);
        }

        /** The leading import lines. */
        List<String> imports() {
            return code.lines().takeWhile(l -> l.isBlank() || IMPORT.matcher(l).matches()).filter(l -> !l.isBlank()).toList();
        }

        /** The code after the imports. */
        String body() {
            List<String> lines = code.lines().toList();
            int first = 0;
            while (first < lines.size() && (lines.get(first).isBlank() || IMPORT.matcher(lines.get(first)).matches())) {
                first++;
            }
            return String.join("\n", lines.subList(first, lines.size())) + "\n";
        }

        /** The number of lines before {@link #body()} starts. */
        int bodyOffset() {
            return (int) code.lines().takeWhile(l -> l.isBlank() || IMPORT.matcher(l).matches()).count();
        }

        /** The name of a top-level class the block declares (a whole program), or null for statements. */
        String className() {
            for (String l : code.lines().toList()) {
                Matcher m = TOP_CLASS.matcher(l);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            return null;
        }

        String describe() {
            return "README.md line " + line + (mark == null ? "" : " (" + mark + ": " + markValue + ")");
        }
    }

    static ReadmeBlocks parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError("README.md line " + (i + 1) + ": a java block is not closed");
            }
            String mark = null;
            String value = null;
            String prints = null;
            if (i > 0) {
                Matcher m = MARK.matcher(lines.get(i - 1).strip());
                if (m.matches()) {
                    mark = m.group(1);
                    value = m.group(2);
                    prints = m.group(3);
                } else if (lines.get(i - 1).strip().startsWith("<!--")) {
                    throw new AssertionError("README.md line " + i + ": not a mark the README walk knows: " + lines.get(i - 1));
                }
            }
            blocks.add(new Block(start + 1, mark, value, prints, String.join("\n", lines.subList(start, end)) + "\n"));
            i = end;
        }
        return new ReadmeBlocks(List.copyOf(blocks));
    }
}
