package dev.mailgate.binding;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** "Did you mean ...?" for a field name nobody knows: the closest known name, if it is close enough to be a typo. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The known name {@code given} most likely meant: an explicit alias (a name from another API, such as
     * {@code file}), the same name in another case or spelling ({@code reply_to}), or one within a couple of typing
     * mistakes ({@code sevrity}).
     */
    public static Optional<String> closest(String given, Collection<String> known, Map<String, String> aliases) {
        String alias = aliases.get(given.toLowerCase(Locale.ROOT));
        if (alias != null && known.contains(alias)) {
            return Optional.of(alias);
        }
        String g = normal(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = k.equals(given) ? Integer.MAX_VALUE : distance(g, normal(k));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, g.length() / 4));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean `x`?)" or nothing. */
    public static String hint(String given, Collection<String> known, Map<String, String> aliases) {
        return closest(given, known, aliases).map(s -> "; did you mean `" + s + "`?").orElse("");
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
