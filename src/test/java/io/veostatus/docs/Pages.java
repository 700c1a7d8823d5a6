package io.veostatus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown pages of the repository, as the tests that hold them to the code read them: the README (the front
 * page) and the guides under docs/, each found by its path, and a page's section found by its heading.
 */
public final class Pages {

    public static final Path README = Path.of("README.md");
    public static final Path API = Path.of("docs/api.md");
    public static final Path STEP_FUNCTIONS = Path.of("docs/step-functions.md");
    public static final Path KEEPING = Path.of("docs/keeping.md");
    public static final Path DEPLOY = Path.of("docs/deploy.md");
    public static final Path CONFIGURATION = Path.of("docs/configuration.md");
    public static final Path OPERATIONS = Path.of("docs/operations.md");

    /** Folders whose Markdown is not the project's: what the build installs or writes, and tools' own folders. */
    private static final Set<String> NOT_THE_PROJECTS = Set.of("node_modules", "target");

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~).*");
    private static final Pattern ATX_HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");

    /** A heading of a page: its line (from 0), its level (1 for {@code #}) and its text as written. */
    public record Heading(int line, int level, String text) {
    }

    private Pages() {
    }

    /** The page's text. */
    public static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(page + " cannot be read", e);
        }
    }

    /** The page's lines. */
    public static List<String> lines(Path page) {
        return read(page).lines().toList();
    }

    /** Whether the line opens or closes a fenced code block. */
    public static boolean isFence(String line) {
        return FENCE.matcher(line).matches();
    }

    /** The headings of the page's lines, outside code blocks: {@code #} headings and underlined ones. */
    public static List<Heading> headings(List<String> lines) {
        List<Heading> headings = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isFence(line)) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher atx = ATX_HEADING.matcher(line);
            Matcher underline = SETEXT_UNDERLINE.matcher(line);
            if (atx.matches()) {
                headings.add(new Heading(i, atx.group(1).length(), atx.group(2)));
            } else if (i > 0 && underline.matches() && isParagraphLine(lines.get(i - 1))) {
                headings.add(new Heading(i - 1, underline.group(1).startsWith("=") ? 1 : 2, lines.get(i - 1).strip()));
            }
        }
        return headings;
    }

    private static boolean isParagraphLine(String line) {
        return !line.isBlank() && !ATX_HEADING.matcher(line).matches() && !line.strip().startsWith("|")
                && !isFence(line) && !SETEXT_UNDERLINE.matcher(line).matches();
    }

    /**
     * The section of the page under the heading whose text is {@code heading} (at any level): its heading line and
     * everything up to the next heading of the same or a higher level, subsections included.
     */
    public static String section(Path page, String heading) {
        List<String> lines = lines(page);
        List<Heading> headings = headings(lines);
        for (int i = 0; i < headings.size(); i++) {
            Heading found = headings.get(i);
            if (found.text().equals(heading)) {
                int end = headings.stream().skip(i + 1).filter(next -> next.level() <= found.level())
                        .mapToInt(Heading::line).findFirst().orElse(lines.size());
                return String.join("\n", lines.subList(found.line(), end)) + "\n";
            }
        }
        throw new AssertionError(page + " has no section \"" + heading + "\"");
    }

    /** Every Markdown file of the repository, in a stable order, outside node_modules, target and hidden folders. */
    public static List<Path> markdownFiles() {
        Path root = Path.of(".");
        List<Path> pages = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
                    boolean skipped = !folder.equals(root) && (NOT_THE_PROJECTS.contains(name) || name.startsWith("."));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                        pages.add(root.relativize(file).normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the repository's files cannot be listed", e);
        }
        pages.sort(null);
        return pages;
    }
}
