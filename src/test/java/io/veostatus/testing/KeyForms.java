package io.veostatus.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key in the forms a hostile or careless upstream may echo it in, made with the JDK's encoders, and the search
 * for any of them in a text, made by decoding the text every way the key could have been encoded (not by comparing it
 * with the forms the redactor builds).
 */
public final class KeyForms {

    private KeyForms() {
    }

    /** The key's forms by name: as sent, in either case, every byte URL-encoded, base64 and base64url. */
    public static Map<String, String> of(String key) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as sent", key);
        forms.put("upper-cased", key.toUpperCase(Locale.ROOT));
        forms.put("lower-cased", key.toLowerCase(Locale.ROOT));
        StringBuilder percent = new StringBuilder();
        for (byte b : utf8(key)) {
            percent.append(String.format("%%%02X", b & 0xFF));
        }
        forms.put("every byte URL-encoded", percent.toString());
        forms.put("base64", Base64.getEncoder().encodeToString(utf8(key)));
        forms.put("base64url without padding", Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(key)));
        return forms;
    }

    /**
     * Where the key is in {@code text}, in any form: in any case, after percent-decoding and JSON unescaping, and in
     * base64 and base64url decoded from every position, where no run of four of the key's bytes may be left (the few
     * bits a key shares with its neighbours in an encoded text may stay). Empty when the text holds no form of it.
     */
    public static List<String> in(String key, String text) {
        List<String> found = new ArrayList<>();
        String lowerKey = key.toLowerCase(Locale.ROOT);
        for (String decoded : List.of(text, percentDecoded(text), jsonUnescaped(text), jsonUnescaped(percentDecoded(text)))) {
            if (decoded.toLowerCase(Locale.ROOT).contains(lowerKey)) {
                found.add("the key, in some case, in: " + decoded);
                return found;
            }
        }
        byte[] keyBytes = utf8(key);
        Matcher runs = Pattern.compile("[A-Za-z0-9+/_-]{6,}").matcher(percentDecoded(text));
        while (runs.find()) {
            String run = runs.group().replace('-', '+').replace('_', '/');
            for (int start = 0; start < 4 && start < run.length(); start++) {
                String aligned = run.substring(start, start + (run.length() - start) / 4 * 4);
                byte[] decoded = Base64.getDecoder().decode(aligned);
                for (int i = 0; i + 4 <= keyBytes.length; i++) {
                    if (indexOf(decoded, keyBytes, i, 4) >= 0) {
                        found.add("four bytes of the key decode from " + runs.group() + " in: " + text);
                        return found;
                    }
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from, int length) {
        outer:
        for (int i = 0; i + length <= haystack.length; i++) {
            for (int j = 0; j < length; j++) {
                if (haystack[i + j] != needle[from + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every valid %XX sequence decoded as UTF-8 bytes, '+' as a space, anything else left as it is. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** JSON's escapes undone: \\uXXXX in either case of hex, and the short escapes. */
    private static String jsonUnescaped(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unicodeEscape = c == '\\' && i + 6 <= text.length() && text.charAt(i + 1) == 'u'
                    && text.substring(i + 2, i + 6).chars().allMatch(h -> isHex((char) h));
            if (unicodeEscape) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 1 < text.length() && "\"\\/".indexOf(text.charAt(i + 1)) >= 0) {
                out.append(text.charAt(i + 1));
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
