package io.veostatus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of every Markdown file of the repository leads somewhere: to a file or folder that exists
 * and, when it names an {@code #anchor}, to a heading of that file, whose anchor GitHub makes from the heading's
 * text (lower case; punctuation other than '-' and '_' removed; each space a '-'; a repeated anchor gets -1, -2 ...).
 * Links to other sites (http, https, mailto) are not followed: the test needs no network.
 */
class DocsLinksTest {

    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    /** [text](target "title") and ![alt](target), the text allowing one level of brackets inside. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*(<[^>]*>|\\S+).*$");
    private static final Pattern HTML_LINK = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L\\d+(-L\\d+)?");

    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() {
        List<Path> pages = Pages.markdownFiles();
        assertTrue(pages.contains(Pages.README) && pages.contains(Pages.API) && pages.size() >= 10,
                "the repository's Markdown files were found: " + pages);
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (Link link : links(page)) {
                checked++;
                problem(link, anchors).ifPresent(problem -> broken.add(link + ": " + problem));
            }
        }
        assertTrue(checked >= 100, "the pages' relative links were found: " + checked);
        assertEquals(List.of(), broken, broken.size() + " broken link(s) in the repository's Markdown:\n"
                + String.join("\n", broken) + "\n");
    }

    /** The anchors GitHub gives headings, checked on headings whose anchors GitHub's own pages show. */
    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals(List.of("output-the-taskstatus", "what-it-costs-per-1000-videos", "the-http-apis-limits-and-log",
                "browser-callers-cors", "upstream-load-maxconcurrency", "veo_api_key-and-more", "errors", "errors-1",
                "errors-2", "café-ü", "a--b"),
                List.copyOf(anchorsOf(List.of("## Output: the TaskStatus", "### What it costs per 1,000 videos",
                        "### The HTTP API's limits and log", "### Browser callers (CORS)",
                        "### Upstream load: `maxConcurrency`", "# `VEO_API_KEY` and [more](other.md)", "## Errors",
                        "## Errors", "Errors", "------", "## Café Ü", "## a & b", "```", "## Not a heading",
                        "```"))));
    }

    /** What is wrong with the link, or empty when it leads where it says. */
    private static Optional<String> problem(Link link, Map<Path, Set<String>> anchorsByPage) {
        String target = link.target();
        if (target.startsWith("<") && target.endsWith(">")) {
            target = target.substring(1, target.length() - 1);
        }
        if (SCHEME.matcher(target).find()) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path resolved = file.isEmpty() ? link.page() : resolve(link.page(), file);
        if (resolved.startsWith("..")) {
            return Optional.of(file + " lies outside the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of(resolved + " does not exist");
        }
        if (anchor == null) {
            return Optional.empty();
        }
        if (!resolved.getFileName().toString().endsWith(".md")) {
            return Files.isRegularFile(resolved) && LINE_ANCHOR.matcher(anchor).matches() ? Optional.empty()
                    : Optional.of("#" + anchor + " is no line of " + resolved + " (only a Markdown file has headings)");
        }
        Set<String> anchors = anchorsByPage.computeIfAbsent(resolved, page -> anchorsOf(Pages.lines(page)));
        return anchors.contains(anchor) ? Optional.empty()
                : Optional.of(resolved + " has no heading whose anchor is #" + anchor + " (its anchors: "
                        + String.join(", ", anchors) + ")");
    }

    private static Path resolve(Path page, String file) {
        Path folder = page.getParent() == null ? Path.of("") : page.getParent();
        return folder.resolve(file).normalize();
    }

    /** Every link of the page outside code: inline links and images, reference definitions, and HTML anchors. */
    static List<Link> links(Path page) {
        List<String> lines = Pages.lines(page);
        List<Link> links = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (Pages.isFence(line)) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK)) {
                Matcher link = pattern.matcher(text);
                while (link.find()) {
                    links.add(new Link(page, i + 1, link.group(), link.group(1)));
                }
            }
        }
        return links;
    }

    /** The anchors of the page's headings, in order, as GitHub makes them. */
    static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Pages.Heading heading : Pages.headings(lines)) {
            String slug = slug(heading.text());
            int times = seen.merge(slug, 1, Integer::sum);
            anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
        }
        return anchors;
    }

    /**
     * GitHub's anchor of a heading: its text as shown (links as their text, no code marks), in lower case, with every
     * character that is not a letter, a digit, '-', '_' or a space removed, and each space made a '-'.
     */
    static String slug(String heading) {
        String shown = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "")
                .replace("`", "").replace("*", "");
        StringBuilder slug = new StringBuilder();
        shown.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** One link: where it is, as written, and its target. */
    record Link(Path page, int line, String written, String target) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + written;
        }
    }
}
