package dev.tau4j.debug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The token file {@code <home>/.tau4j/debug/<port>.token}: how sessions in other processes of the
 * same user find the token of the debug server on that port (tau4j-core's relay reads it when the
 * debug URL carries no token). The directory is created owner-only (0700) and the file is written
 * owner-only (0600) before it gets its name, so no other user can ever read it.
 */
final class TokenFile {

    private final Path file;
    private final String token;

    private TokenFile(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    /** Where the token of the server on {@code port} is published under {@code home}. */
    static Path path(Path home, int port) {
        return home.resolve(".tau4j").resolve("debug").resolve(port + ".token");
    }

    /** Writes {@code token} for {@code port}, replacing a stale file of an earlier server. */
    static TokenFile publish(Path home, int port, String token) {
        Path target = path(home, port);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = target.getParent();
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
            Path temp = dir.resolve(port + ".token." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temp);
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel out = Files.newByteChannel(temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
                out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new TokenFile(target, token);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the debug token file " + target + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Deletes the file if it still holds this server's token (a newer server may have replaced it). */
    void delete() {
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).strip().equals(token)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // a stale file only makes relays fail the handshake and warn; nothing to undo
        }
    }
}
