package dev.tau4j.simulator;

/**
 * A response's {@code max_output_tokens}: what its planned output may still spend, and whether the
 * plan was cut (the response then ends {@code incomplete}, reason {@code max_output_tokens}).
 * Confined to the connection thread.
 */
final class TokenBudget {

    private int left;
    private boolean cut;

    TokenBudget(int maxOutputTokens) {
        this.left = maxOutputTokens;
    }

    boolean cut() {
        return cut;
    }

    /** Nothing more fits: a further output item is cut whole. */
    boolean spent() {
        if (left <= 0) {
            cut = true;
        }
        return left <= 0;
    }

    /**
     * The longest word prefix of {@code text} whose output tokens (text, plus audio at 1 token per
     * 50 ms when spoken) fit what is left; spends them.
     */
    String fit(String text, boolean audio) {
        if (ResponseShape.cost(text, audio) <= left) {
            left -= ResponseShape.cost(text, audio);
            return text;
        }
        cut = true;
        StringBuilder fit = new StringBuilder();
        for (String w : ResponseShape.words(text)) {
            if (ResponseShape.cost(fit + w, audio) > left) {
                break;
            }
            fit.append(w);
        }
        String out = fit.toString();
        left -= ResponseShape.cost(out, audio);
        return out;
    }

    /** A function call's arguments, cut at about 4 characters a token when they do not fit; spends them. */
    String fitArguments(String args) {
        String out = args;
        if (Usage.textTokens(args) > left) {
            out = args.substring(0, Math.max(0, left) * 4);
            cut = true;
        }
        left -= Usage.textTokens(out);
        return out;
    }
}
