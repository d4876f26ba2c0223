package dev.tau4j.cli;

import dev.tau4j.ConnectionException;
import dev.tau4j.TauTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A failure as the one line {@code tau} prints on stderr: what happened and what to do, in words,
 * without Java class names ({@code --verbose} adds the stack trace). Messages of tau4j exceptions
 * never contain API keys.
 */
final class ErrorLine {

    /** A qualified class name with an optional colon, as {@code Throwable.toString()} writes it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");
    /** The library's advice in timeouts, which a CLI user cannot follow. */
    private static final Pattern LIBRARY_ADVICE = Pattern.compile("\\s*\\(raise the timeout in TauOptions[^)]*\\)");
    /** "… or TauOptions.apiKey": the library's half of an advice. */
    private static final Pattern LIBRARY_OPTION = Pattern.compile("\\s+or TauOptions\\.[A-Za-z]+(?:\\(\\))?");

    private ErrorLine() {
    }

    /** The one line for {@code e}; {@code timeoutOption} names the option that raises timeouts, or null. */
    static String of(Throwable e, String timeoutOption) {
        String line = switch (e) {
            case TauTimeoutException t -> timeout(t, timeoutOption);
            case ConnectionException c when network(c) != null -> connection(c, network(c));
            case UncheckedIOException u -> prefix(u.getMessage(), u.getCause()) + file(u.getCause());
            case IOException io -> file(io);
            default -> strip(e.getMessage());
        };
        return line.isBlank() ? words(e) : line;
    }

    /** A file error on {@code path} as "PATH: what", also when the JDK's message does not name the file. */
    static String file(IOException e, java.nio.file.Path path) {
        String line = file(e);
        return line.startsWith(path.toString()) ? line : path + ": " + line;
    }

    /** A file error as "PATH: what": no such file, permission denied, is a directory. */
    static String file(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> n.getFile() + ": no such file or directory";
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case NotDirectoryException n -> n.getFile() + ": not a directory";
            case FileAlreadyExistsException f -> f.getFile() + ": already exists";
            case DirectoryNotEmptyException d -> d.getFile() + ": directory not empty";
            case FileSystemException f when f.getFile() != null -> f.getFile() + ": "
                    + (f.getReason() == null ? "cannot be used" : lower(f.getReason()));
            default -> {
                String m = strip(e.getMessage());
                yield m.isBlank() ? words(e) : lower(m);
            }
        };
    }

    /** {@code message} of a wrapper, unless it only repeats its cause. */
    private static String prefix(String message, IOException cause) {
        String m = strip(message);
        String c = strip(cause.getMessage());
        if (m.isBlank() || m.equals(c)) {
            return "";
        }
        int colon = m.indexOf(": " + c);
        String head = colon > 0 ? m.substring(0, colon) : m;
        if (cause instanceof FileSystemException f && f.getFile() != null && head.endsWith(" " + f.getFile())) {
            return head.substring(0, head.length() - f.getFile().length()); // "cannot write " + "FILE: why"
        }
        return head + ": ";
    }

    private static String timeout(TauTimeoutException t, String option) {
        String m = LIBRARY_ADVICE.matcher(strip(t.getMessage())).replaceAll("");
        return lower(m) + (option == null ? " (the server did not answer in time)"
                : " (a slow server needs more: raise " + option + ")");
    }

    private static String connection(ConnectionException c, Throwable cause) {
        String m = strip(c.getMessage());
        int colon = m.indexOf(": ");
        String what = colon > 0 ? m.substring(0, colon) : m;
        String why = switch (cause) {
            case ConnectException x -> "connection refused (is the server running, and is the URL right?)";
            case UnknownHostException x -> "unknown host";
            case UnresolvedAddressException x -> "unknown host";
            case NoRouteToHostException x -> "no route to host";
            case HttpConnectTimeoutException x -> "no answer (connect timed out)";
            case HttpTimeoutException x -> "no answer in time";
            case SSLException x -> "TLS failed (is it a wss:// server?)";
            default -> lower(strip(cause.getMessage()));
        };
        return lower(what) + ": " + why;
    }

    /**
     * The network exception under {@code e}, if any; the most telling one when several are chained
     * (the JDK wraps an unknown host in a ConnectException).
     */
    private static Throwable network(Throwable e) {
        Throwable found = null;
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof NoRouteToHostException || t instanceof HttpTimeoutException || t instanceof SSLException) {
                return t;
            }
            if (t instanceof ConnectException && found == null) {
                found = t;
            }
        }
        return found;
    }

    /** The message on one line, without class names. */
    static String strip(String message) {
        if (message == null) {
            return "";
        }
        String line = CLASS_NAME.matcher(message.replaceAll("\\s*[\\r\\n]+\\s*", " ")).replaceAll("");
        return LIBRARY_OPTION.matcher(line).replaceAll("").replaceAll("[:\\s]+$", "").strip();
    }

    /** "unexpected error" in words for an exception without a message: NullPointerException → null pointer. */
    private static String words(Throwable e) {
        String name = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return "unexpected error: " + name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
                + " (run with --verbose for details)";
    }

    private static String lower(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
